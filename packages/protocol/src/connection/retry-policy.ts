/** Retries of overloaded (-32001) requests. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 3; 0 disables retrying. */
  readonly maxRetries?: number;
  /** Base delay of the first retry. Default 100 ms. */
  readonly initialDelayMs?: number;
  /** Upper bound of any delay. Default 2000 ms. */
  readonly maxDelayMs?: number;
}

/** The overload retry used when RetryOptions leaves a field out. */
export const DEFAULT_RETRY = { maxRetries: 3, initialDelayMs: 100, maxDelayMs: 2000 } as const;

/**
 * Delay before retry number `attempt` (0-based): exponential, capped, with "equal jitter" (half fixed,
 * half random) so that a burst of rejected clients spreads out yet never retries at once.
 */
export function backoffDelayMs(
  attempt: number,
  options: RetryOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialDelayMs ?? DEFAULT_RETRY.initialDelayMs;
  const max = options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs;
  const ceiling = Math.min(max, initial * 2 ** attempt);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
