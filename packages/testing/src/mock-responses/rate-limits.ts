/**
 * The account's rate limits in the two places codex reads them, so a test can make codex report them:
 *
 * - the response headers of every model call (`x-codex-primary-used-percent`, ...; parsed by
 *   `parse_rate_limit_for_limit` in codex-rs/codex-api/src/rate_limits.rs), which codex reports as
 *   `account/rateLimits/updated` after the call: `reply.withRateLimits(reply.message("hi"), {...})`;
 * - the ChatGPT backend's usage endpoint (`GET {chatgpt_base_url}/api/codex/usage`), which
 *   `account/rateLimits/read` fetches under a ChatGPT login: `MockResponsesServer#setAccountUsage`.
 */

/** One window of a rate limit, sent as `x-<family>-primary-*` or `x-<family>-secondary-*` headers. */
export interface MockRateLimitWindow {
  /**
   * How much of the window is used, in percent (0 to 100): `…-used-percent`. Codex rounds a fraction to
   * a whole percent (42.5 is reported as 43), and drops a window whose `usedPercent` is 0 and that has
   * neither `windowMinutes` nor `resetsAt`.
   */
  readonly usedPercent: number;
  /** The window's length in minutes (`…-window-minutes`), e.g. 300 for a 5-hour window. */
  readonly windowMinutes?: number;
  /** When the window resets, in Unix seconds (`…-reset-at`). */
  readonly resetsAt?: number;
}

/** The account's credits, sent as `x-codex-credits-*` headers (codex reads both flags or neither). */
export interface MockRateLimitCredits {
  /** `x-codex-credits-has-credits`. */
  readonly hasCredits: boolean;
  /** `x-codex-credits-unlimited`. */
  readonly unlimited: boolean;
  /** The balance as the backend formats it (`x-codex-credits-balance`), e.g. `"12.50"`. */
  readonly balance?: string;
}

/** What `x-codex-rate-limit-reached-type` may say: which limit refused the account. */
export type MockRateLimitReachedType =
  | "rate_limit_reached"
  | "workspace_owner_credits_depleted"
  | "workspace_member_credits_depleted"
  | "workspace_owner_usage_limit_reached"
  | "workspace_member_usage_limit_reached";

/** The rate limits one mock reply reports; `rateLimitHeaders` turns them into response headers. */
export interface MockRateLimits {
  /**
   * The metered limit these windows belong to (default `"codex"`, the account's main limit). It names the
   * header family: `"codex"` sends `x-codex-primary-used-percent`, `"codex_other"` sends
   * `x-codex-other-primary-used-percent`, and codex reports it back as the snapshot's `limitId`.
   */
  readonly limitId?: string;
  /** The limit's display name (`x-<family>-limit-name`), reported as `limitName`. */
  readonly limitName?: string;
  /** The shorter window (codex's 5-hour limit on ChatGPT plans). */
  readonly primary?: MockRateLimitWindow;
  /** The longer window (codex's weekly limit on ChatGPT plans). */
  readonly secondary?: MockRateLimitWindow;
  /** The account's credits (account-wide: sent without the family prefix). */
  readonly credits?: MockRateLimitCredits;
  /**
   * Which limit was reached (`x-codex-rate-limit-reached-type`, account-wide). The pinned codex reports it
   * (as `rateLimitReachedType`) only from a refused request, e.g. an `httpError(429, ...)` with
   * `usage_limit_reached`; on a 200 reply it ignores the header.
   */
  readonly reachedType?: MockRateLimitReachedType;
}

/**
 * The response headers that report `limits` the way the Responses API does (lowercase names, every
 * value a string). `reply.withRateLimits` adds them to a reply; use this to build them yourself, e.g.
 * for a reply factory or an `httpError` that refuses the request.
 */
export function rateLimitHeaders(limits: MockRateLimits): Record<string, string> {
  const limitId = limits.limitId?.trim() || "codex";
  if (!/^[A-Za-z0-9_-]+$/.test(limitId)) {
    throw new TypeError(`rateLimitHeaders: limitId ${JSON.stringify(limitId)} is not a header-name token`);
  }
  const prefix = `x-${limitId.toLowerCase().replaceAll("_", "-")}`;
  const headers: Record<string, string> = {};
  const putWindow = (name: "primary" | "secondary", window: MockRateLimitWindow | undefined): void => {
    if (window === undefined) return;
    headers[`${prefix}-${name}-used-percent`] = finite(window.usedPercent, `${name}.usedPercent`);
    if (window.windowMinutes !== undefined)
      headers[`${prefix}-${name}-window-minutes`] = integer(window.windowMinutes, `${name}.windowMinutes`);
    if (window.resetsAt !== undefined)
      headers[`${prefix}-${name}-reset-at`] = integer(window.resetsAt, `${name}.resetsAt`);
  };
  putWindow("primary", limits.primary);
  putWindow("secondary", limits.secondary);
  if (limits.limitName !== undefined) headers[`${prefix}-limit-name`] = limits.limitName;
  if (limits.credits !== undefined) {
    headers["x-codex-credits-has-credits"] = String(limits.credits.hasCredits);
    headers["x-codex-credits-unlimited"] = String(limits.credits.unlimited);
    if (limits.credits.balance !== undefined) headers["x-codex-credits-balance"] = limits.credits.balance;
  }
  if (limits.reachedType !== undefined) headers["x-codex-rate-limit-reached-type"] = limits.reachedType;
  return headers;
}

function finite(value: number, field: string): string {
  if (!Number.isFinite(value)) throw new TypeError(`mock rate limits: ${field} must be a finite number`);
  return String(value);
}

/** Codex parses these as integers and drops (headers) or refuses (usage body) a fraction: refuse it here. */
function integer(value: number, field: string): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`mock rate limits: ${field} must be an integer`);
  return String(value);
}

/** One window as the ChatGPT usage endpoint reports it; codex refuses the body unless all three are integers. */
export interface MockUsageWindow {
  /** How much of the window is used, in whole percent (`used_percent`). */
  readonly usedPercent: number;
  /** The window's length in minutes (sent as `limit_window_seconds`, which codex turns back into minutes). */
  readonly windowMinutes: number;
  /** When the window resets, in Unix seconds (`reset_at`; `reset_after_seconds` is derived from it). */
  readonly resetsAt: number;
}

/** What the mock's `GET /api/codex/usage` answers: the account's quota as the ChatGPT backend knows it. */
export interface MockAccountUsage {
  /** The ChatGPT plan (`plan_type`, default `"pro"`), reported as the snapshot's `planType`. */
  readonly planType?: string;
  /** The shorter window (`rate_limit.primary_window`). */
  readonly primary?: MockUsageWindow;
  /** The longer window (`rate_limit.secondary_window`). */
  readonly secondary?: MockUsageWindow;
  /** The account's credits (`credits`). */
  readonly credits?: MockRateLimitCredits;
  /** Whether a limit is reached (`rate_limit.limit_reached`; `allowed` is its negation). Default false. */
  readonly limitReached?: boolean;
}

/** The JSON body of the ChatGPT backend's usage endpoint for `usage` (`nowMs` sets `reset_after_seconds`). */
export function accountUsageBody(
  usage: MockAccountUsage,
  nowMs: number = Date.now(),
): Record<string, unknown> {
  const window = (name: string, value: MockUsageWindow | undefined) => {
    if (value === undefined) return null;
    integer(value.usedPercent, `${name}.usedPercent`);
    integer(value.windowMinutes, `${name}.windowMinutes`);
    integer(value.resetsAt, `${name}.resetsAt`);
    return {
      used_percent: value.usedPercent,
      limit_window_seconds: value.windowMinutes * 60,
      reset_after_seconds: Math.max(0, value.resetsAt - Math.floor(nowMs / 1000)),
      reset_at: value.resetsAt,
    };
  };
  const body: Record<string, unknown> = {
    plan_type: usage.planType ?? "pro",
    rate_limit: {
      allowed: usage.limitReached !== true,
      limit_reached: usage.limitReached === true,
      primary_window: window("primary", usage.primary),
      secondary_window: window("secondary", usage.secondary),
    },
  };
  if (usage.credits !== undefined) {
    body.credits = {
      has_credits: usage.credits.hasCredits,
      unlimited: usage.credits.unlimited,
      balance: usage.credits.balance ?? null,
    };
  }
  return body;
}
