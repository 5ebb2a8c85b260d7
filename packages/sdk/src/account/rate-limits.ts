/**
 * The account's rate limits as a client follows them. Codex learns the quota from the response headers
 * of every model call (`x-codex-primary-used-percent`, ...) and reports it after the call as
 * `account/rateLimits/updated`, one limit per notification; `account/rateLimits/read` fetches it from
 * the ChatGPT backend instead. This file keeps the latest snapshot of each limit and hands the
 * notifications out as async iterables whose buffer cannot grow: one pending update per limit.
 */
import type { Camel } from "@codex/app-server-protocol";
import { CodexAbortError } from "@codex/app-server-protocol/light";

/**
 * One limit's state: `primary` and `secondary` windows (null when the response did not report them),
 * `credits`, `planType`, `rateLimitReachedType` (set when codex was refused), and `limitId` (`"codex"`
 * for the account's main limit).
 */
export type RateLimitSnapshot = Camel.RateLimitSnapshot;
/** One window of a limit: `usedPercent` (whole percent), `windowDurationMins`, `resetsAt` (Unix seconds). */
export type RateLimitWindow = Camel.RateLimitWindow;
/** The account's credits: `hasCredits`, `unlimited`, `balance` (a string as the backend formats it). */
export type CreditsSnapshot = Camel.CreditsSnapshot;
/** What codex pushed to the client as `account/rateLimits/updated`: `{ rateLimits }`. */
export type AccountRateLimitsUpdatedNotification = Camel.AccountRateLimitsUpdatedNotification;

/** Options of `codex.rateLimitUpdates()`. */
export interface RateLimitUpdatesOptions {
  /** Stops the stream: a waiting `next()` rejects with CodexAbortError and nothing more is yielded. */
  readonly signal?: AbortSignal;
}

/** The limit id codex gives its main limit, also used for a snapshot that names none. */
const MAIN_LIMIT_ID = "codex";
/** How many different limits a stream holds pending for a reader that does not keep up. */
const MAX_PENDING_LIMITS = 16;

/** A reader waiting in `next()`. */
interface Waiter {
  resolve(result: IteratorResult<AccountRateLimitsUpdatedNotification>): void;
  reject(error: unknown): void;
}

/** The key of a snapshot in the per-limit tables. */
function limitKey(snapshot: RateLimitSnapshot): string {
  return snapshot.limitId ?? MAIN_LIMIT_ID;
}

/**
 * One `codex.rateLimitUpdates()` stream. It listens from its creation (so updates that arrive before the
 * first `next()` are kept) until it ends: at the client's close, when `signal` aborts, or when the reader
 * `break`s out of its `for await` (or calls `return()`).
 */
class RateLimitUpdateStream implements AsyncIterableIterator<AccountRateLimitsUpdatedNotification> {
  /** Pending updates by limit id, oldest first: a newer update of a limit replaces its older one. */
  readonly #pending = new Map<string, AccountRateLimitsUpdatedNotification>();
  #waiter: Waiter | undefined;
  #ended = false;
  #failure: unknown;
  readonly #detach: (stream: RateLimitUpdateStream) => void;
  #stopAbortListener: (() => void) | undefined;

  /** `detach` removes the stream from its tracker once it ended. */
  constructor(detach: (stream: RateLimitUpdateStream) => void) {
    this.#detach = detach;
  }

  /** Fails the stream with CodexAbortError when `signal` aborts (at once if it already has). */
  abortOn(signal: AbortSignal | undefined): void {
    if (!signal) return;
    const onAbort = (): void => this.fail(new CodexAbortError(signal.reason));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    this.#stopAbortListener = () => signal.removeEventListener("abort", onAbort);
  }

  /** A new update: to the waiting reader, else into the pending table (replacing its limit's older one). */
  push(update: AccountRateLimitsUpdatedNotification): void {
    if (this.#ended) return;
    if (this.#waiter) {
      const waiter = this.#waiter;
      this.#waiter = undefined;
      waiter.resolve({ value: update, done: false });
      return;
    }
    const key = limitKey(update.rateLimits);
    this.#pending.delete(key);
    this.#pending.set(key, update);
    if (this.#pending.size > MAX_PENDING_LIMITS) {
      const oldest = this.#pending.keys().next();
      if (!oldest.done) this.#pending.delete(oldest.value);
    }
  }

  /** Ends the stream after what is pending. */
  end(): void {
    this.#finish()?.resolve({ value: undefined, done: true });
  }

  /** Ends the stream at once: pending updates are dropped and the reader's next `next()` rejects with `error`. */
  fail(error: unknown): void {
    if (this.#ended) return;
    this.#pending.clear();
    const waiter = this.#finish();
    if (waiter) waiter.reject(error);
    else this.#failure = error;
  }

  /** Marks the stream ended and stops listening; returns the reader waiting for a value, if one is. */
  #finish(): Waiter | undefined {
    if (this.#ended) return undefined;
    this.#ended = true;
    this.#stopAbortListener?.();
    this.#detach(this);
    const waiter = this.#waiter;
    this.#waiter = undefined;
    return waiter;
  }

  /** The oldest pending update, else the next one to arrive; done once the stream ended and is drained. */
  next(): Promise<IteratorResult<AccountRateLimitsUpdatedNotification>> {
    const first = this.#pending.entries().next();
    if (!first.done) {
      this.#pending.delete(first.value[0]);
      return Promise.resolve({ value: first.value[1], done: false });
    }
    if (this.#failure !== undefined) {
      const failure = this.#failure;
      this.#failure = undefined;
      return Promise.reject(failure);
    }
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    if (this.#waiter) return Promise.reject(new TypeError("rateLimitUpdates(): next() is already waiting"));
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  /** `break` in a `for await`: stops listening and drops what is pending. */
  return(): Promise<IteratorResult<AccountRateLimitsUpdatedNotification>> {
    this.#pending.clear();
    this.#failure = undefined;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  /** The stream is its own iterator: iterate it once. */
  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * The client's view of the account's rate limits (one per `Codex`, internal): the latest snapshot overall
 * and per limit id, and the open update streams. `Codex` feeds it every `account/rateLimits/updated`
 * notification and every `account/rateLimits/read` result, and ends it when the client closes.
 */
export class RateLimitTracker {
  #latest: RateLimitSnapshot | undefined;
  readonly #byLimitId = new Map<string, RateLimitSnapshot>();
  readonly #streams = new Set<RateLimitUpdateStream>();
  #watched: object | undefined;
  #closed = false;

  /** The latest snapshot reported, of any limit; undefined before the first. */
  get latest(): RateLimitSnapshot | undefined {
    return this.#latest;
  }

  /** The latest snapshot of each limit, by limit id. */
  get byLimitId(): ReadonlyMap<string, RateLimitSnapshot> {
    return this.#byLimitId;
  }

  /** How many update streams are open (for tests: a stream that ended must not stay listening). */
  get openStreams(): number {
    return this.#streams.size;
  }

  /** An `account/rateLimits/updated` notification: recorded, then handed to every open stream. */
  update(update: AccountRateLimitsUpdatedNotification): void {
    this.#record(update.rateLimits);
    for (const stream of [...this.#streams]) stream.push(update);
  }

  /** An `account/rateLimits/read` result: recorded (its main snapshot last, so it is `latest`). */
  read(result: Camel.GetAccountRateLimitsResponse): void {
    for (const snapshot of Object.values(result.rateLimitsByLimitId ?? {})) this.#record(snapshot);
    this.#record(result.rateLimits);
  }

  /** A new update stream (already ended when the client is closed). */
  stream(options: RateLimitUpdatesOptions = {}): AsyncIterableIterator<AccountRateLimitsUpdatedNotification> {
    const stream = new RateLimitUpdateStream((ended) => this.#streams.delete(ended));
    this.#streams.add(stream);
    if (this.#closed) stream.end();
    else stream.abortOn(options.signal);
    return stream;
  }

  /**
   * Ends the streams when `connection` closes: after their pending updates when the client closed it
   * (`closedByClient()`), otherwise at once with the close error (the server exited or the transport
   * broke: a `for await` throws it). Cheap to call on every notification: once per connection.
   */
  watch(connection: { readonly closed: Promise<unknown> } | undefined, closedByClient: () => boolean): void {
    if (connection === undefined || connection === this.#watched) return;
    this.#watched = connection;
    void connection.closed.then((error) => {
      if (closedByClient()) this.close();
      else this.#failAll(error);
    });
  }

  /** The client closed: every stream ends after its pending updates, and new ones end at once. */
  close(): void {
    this.#closed = true;
    for (const stream of [...this.#streams]) stream.end();
  }

  #failAll(error: unknown): void {
    this.#closed = true;
    for (const stream of [...this.#streams]) stream.fail(error);
  }

  #record(snapshot: RateLimitSnapshot): void {
    this.#latest = snapshot;
    this.#byLimitId.set(limitKey(snapshot), snapshot);
  }
}
