import type { NotificationEnvelope } from "../protocol-types.js";
import { type Subscription, subscription } from "./subscription.js";

type RawHandler = (params: unknown, envelope: never) => void;
type AnyHandler = (envelope: NotificationEnvelope) => void;

/**
 * Hands each notification to its method's handlers, then to the catch-alls, synchronously and in
 * arrival order. Handler lists are replaced, not mutated, so (un)subscribing inside a handler is safe.
 */
export class NotificationRouter {
  private readonly byMethod = new Map<string, RawHandler[]>();
  private any: AnyHandler[] = [];

  constructor(private readonly onHandlerError: (method: string, error: unknown) => void) {}

  on(method: string, handler: RawHandler): Subscription {
    this.byMethod.set(method, [...(this.byMethod.get(method) ?? []), handler]);
    return subscription(() => {
      const next = (this.byMethod.get(method) ?? []).filter((h) => h !== handler);
      if (next.length > 0) this.byMethod.set(method, next);
      else this.byMethod.delete(method);
    });
  }

  onAny(handler: AnyHandler): Subscription {
    this.any = [...this.any, handler];
    return subscription(() => {
      this.any = this.any.filter((h) => h !== handler);
    });
  }

  /** `message` is the envelope as received: `{ method, params, emittedAtMs? }`. */
  dispatch(method: string, params: unknown, message: object): void {
    const handlers = this.byMethod.get(method);
    if (handlers) {
      for (let i = 0; i < handlers.length; i++) {
        try {
          handlers[i]!(params, message as never);
        } catch (error) {
          this.onHandlerError(method, error);
        }
      }
    }
    const any = this.any;
    for (let i = 0; i < any.length; i++) {
      try {
        any[i]!(message as NotificationEnvelope);
      } catch (error) {
        this.onHandlerError(method, error);
      }
    }
  }
}
