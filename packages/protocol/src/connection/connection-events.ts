import type { ConnectionClosedError } from "../errors.js";
import type { MalformedMessage } from "../framing/malformed-message.js";
import { type Subscription, subscription } from "./subscription.js";

/** Something went wrong that did not break the connection. */
export interface ConnectionWarning {
  /** What happened, as a stable code. */
  readonly kind:
    | "versionMismatch"
    | "binaryVersionMismatch"
    | "incomingValidation"
    | "handlerError"
    | "unmatchedResponse"
    | "transportError"
    | "outgoingValidation";
  /** What happened, in words. */
  readonly message: string;
  /** The method involved, if one was. */
  readonly method?: string;
  /** The underlying error, if there is one. */
  readonly error?: Error;
}

/** Events of a CodexConnection, by name. */
export interface ConnectionEventMap {
  /** Something went wrong that did not break the connection (without a listener: a process warning). */
  warning: ConnectionWarning;
  /** A line (or frame) that was not a JSON-RPC message; it was skipped. */
  malformedLine: MalformedMessage;
  /** One line the server wrote to stderr (spawned servers only). */
  stderr: string;
  /** The connection closed; pending requests were rejected with this error. */
  close: ConnectionClosedError;
}

/** A connection event name: `warning`, `malformedLine`, `stderr`, `close`. */
export type ConnectionEventName = keyof ConnectionEventMap;
/** A listener of one connection event. */
export type ConnectionEventListener<E extends ConnectionEventName> = (event: ConnectionEventMap[E]) => void;

/** A small typed emitter; a throwing listener never breaks the connection. */
export class ConnectionEvents {
  private readonly listeners: { [E in ConnectionEventName]: Array<ConnectionEventListener<E>> } = {
    warning: [],
    malformedLine: [],
    stderr: [],
    close: [],
  };

  on<E extends ConnectionEventName>(event: E, listener: ConnectionEventListener<E>): Subscription {
    const list = this.listeners[event] as Array<ConnectionEventListener<E>>;
    list.push(listener);
    return subscription(() => {
      const index = list.indexOf(listener);
      if (index !== -1) list.splice(index, 1);
    });
  }

  has(event: ConnectionEventName): boolean {
    return this.listeners[event].length > 0;
  }

  emit<E extends ConnectionEventName>(event: E, payload: ConnectionEventMap[E]): void {
    const list = this.listeners[event] as Array<ConnectionEventListener<E>>;
    if (event === "warning" && list.length === 0) {
      const warning = payload as ConnectionWarning;
      process.emitWarning(warning.message, { type: "CodexWarning", code: warning.kind });
      return;
    }
    for (const listener of [...list]) {
      try {
        listener(payload);
      } catch (error) {
        if (event !== "warning") {
          this.emit("warning", {
            kind: "handlerError",
            message: `${event} listener threw: ${String(error)}`,
            error: error as Error,
          });
        }
      }
    }
  }
}
