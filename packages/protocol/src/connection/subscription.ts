/**
 * The one "stop listening" shape of the Codex packages: call it, or let `using` dispose it. The SDK
 * re-exports this type, so a handle from the connection and one from a turn look the same.
 */

/** Stops listening when called (idempotent); also `Disposable`, so `using sub = x.on(...)` works. */
export interface Subscription extends Disposable {
  (): void;
}

/** A Subscription that runs `stop` once, however often it is called or disposed. */
export function subscription(stop: () => void): Subscription {
  let stopped = false;
  const once = (): void => {
    if (stopped) return;
    stopped = true;
    stop();
  };
  const handle = once as Subscription;
  handle[Symbol.dispose] = once;
  return handle;
}
