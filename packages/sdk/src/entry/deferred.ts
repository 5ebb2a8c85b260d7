import { type Subscription, subscription } from "../client/listener-set.js";

/**
 * A Subscription made before its target exists: `subscribe` runs when `target` resolves (unless stopped
 * first), or at once when the target is `ready`. Nothing can be missed meanwhile: events only flow once
 * the target exists.
 */
export function deferredSubscription<T>(
  ready: T | undefined,
  target: Promise<T>,
  subscribe: (target: T) => Subscription,
): Subscription {
  if (ready !== undefined) return subscribe(ready);
  let inner: Subscription | undefined;
  let stopped = false;
  target.then(
    (resolved) => {
      if (!stopped) inner = subscribe(resolved);
    },
    () => {},
  );
  return subscription(() => {
    stopped = true;
    inner?.();
  });
}

/** An async iterator over one that is still being made (its first `next()` waits for it). */
export function deferredIterator<T>(source: Promise<AsyncIterator<T>>): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    next: async () => (await source).next(),
    return: async (value?: unknown) => {
      const inner = await source;
      return inner.return ? inner.return(value) : { done: true, value: undefined };
    },
    throw: async (error?: unknown) => {
      const inner = await source;
      if (inner.throw) return inner.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
