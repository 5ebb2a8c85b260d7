/**
 * Recognises codex's rate-limit, usage-limit and overload failures, and the retry-after they carry.
 *
 * Sources, in the order they are trusted:
 * 1. `codexErrorInfo` of a failed turn (`TurnFailedError`, a `TurnError`, a failed `Turn`, the params of an
 *    `error` notification): `usageLimitExceeded`, `rateLimitExceeded` and `serverOverloaded`, and the
 *    HTTP-status variants (`responseTooManyFailedAttempts`, `httpConnectionFailed`,
 *    `responseStreamConnectionFailed`, `responseStreamDisconnected`) with status 429 (rate limit) or
 *    503 (overload). Any other code (e.g. `contextWindowExceeded`) is not a rate limit, whatever the text.
 * 2. JSON-RPC -32001 (`ServerOverloadedError`): the local app-server's ingress queue is full. Reported as
 *    `overload` with `shared: false`: it is this worker's codex process, not the account, so no fleet-wide
 *    backoff (the SDK connection already retries it).
 * 3. The text, when there is no code or the code is `other`: "usage limit", "rate limit",
 *    "too many requests", "overloaded".
 *
 * Retry-after, first found wins: an exhausted window of an `account/rateLimits/updated` snapshot passed as
 * `context.rateLimits` (its `resetsAt`); "try again in 1m30s" / "in 6ms" / "in 2 days 3 hours" and
 * "retry-after: 30" in the message or `additionalDetails`; codex's usage-limit wording "Try again at 3:45 PM."
 * / "try again at Dec 8th, 2026 3:45 PM." (codex formats it in its local time zone, which is the worker's:
 * codex runs as the worker's child).
 * @module
 */
import { type Camel, ERROR_CODES } from "@codex/app-server-protocol";

/** What kind of limit codex hit. */
export type RateLimitKind = "rateLimit" | "usageLimit" | "overload";

/** A recognised rate-limit, usage-limit or overload failure. */
export interface RateLimitSignal {
  readonly kind: RateLimitKind;
  /**
   * True when the limit belongs to the account/model (every worker using it is affected): call
   * `FleetLimiter.backoff`. False for the local app-server's own overload (-32001).
   */
  readonly shared: boolean;
  /** Where it was recognised, for events and logs: `codexErrorInfo:usageLimitExceeded`, `http:429`, ... */
  readonly reason: string;
  /** How long codex (or the API) asked to wait, when it said; undefined otherwise. */
  readonly retryAfterMs: number | undefined;
  /** The failure's message. */
  readonly message: string;
}

/** Extra information that sharpens the signal. */
export interface RateLimitSignalContext {
  /** The latest `account/rateLimits/updated` snapshot of the account: an exhausted window gives retry-after. */
  readonly rateLimits?: Camel.RateLimitSnapshot | null;
  /** "Now" for absolute times in messages (ms since the epoch). Default `Date.now()`. */
  readonly nowMs?: number;
}

type CodexErrorInfo = Camel.CodexErrorInfo;

const HTTP_STATUS_VARIANTS = [
  "responseTooManyFailedAttempts",
  "httpConnectionFailed",
  "responseStreamConnectionFailed",
  "responseStreamDisconnected",
] as const;

interface Classified {
  readonly kind: RateLimitKind;
  readonly shared: boolean;
  readonly reason: string;
}

interface Failure {
  readonly message: string;
  readonly details: string;
  /** undefined: no code seen; null: the code says "not a rate limit"; else the classification. */
  readonly byCode: Classified | null | undefined;
}

/**
 * Whether `failure` is a rate-limit, usage-limit or overload failure, and the retry-after it carries.
 * Accepts a `TurnFailedError` (or any error with `codexErrorInfo`), a `TurnError`, a failed `Turn`, the
 * params of an `error` notification, a `ProtocolError` (-32001), a `TurnJobFailedError` (its
 * `failedReason` text), an error whose `cause` is one of these, or a message string. Null when it is none.
 */
export function rateLimitSignal(
  failure: unknown,
  context: RateLimitSignalContext = {},
): RateLimitSignal | null {
  const found = inspect(failure, 0);
  if (found === undefined) return null;
  let classified = found.byCode;
  if (classified === null) return null;
  const text = `${found.message}\n${found.details}`;
  classified ??= classifyText(text);
  if (classified === undefined) return null;
  const nowMs = context.nowMs ?? Date.now();
  const retryAfterMs = retryAfterFromSnapshot(context.rateLimits, nowMs) ?? retryAfterFromText(text, nowMs);
  return { ...classified, retryAfterMs, message: found.message };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function inspect(value: unknown, depth: number): Failure | undefined {
  if (depth > 5) return undefined;
  if (typeof value === "string") return { message: value, details: "", byCode: undefined };
  if (!isRecord(value)) return undefined;
  const message = typeof value.message === "string" ? value.message : "";
  const details = typeof value.additionalDetails === "string" ? value.additionalDetails : "";
  if ("codexErrorInfo" in value && value.codexErrorInfo !== undefined && value.codexErrorInfo !== null) {
    return { message, details, byCode: classifyCode(value.codexErrorInfo as CodexErrorInfo) };
  }
  if (typeof value.code === "number" && typeof value.method === "string") {
    // A ProtocolError (a JSON-RPC error reply).
    if (value.code === ERROR_CODES.serverOverloaded) {
      return { message, details, byCode: { kind: "overload", shared: false, reason: "jsonrpc:-32001" } };
    }
    return { message, details, byCode: null };
  }
  // A failed Turn ({ status, error }) or `error` notification params ({ error, willRetry, ... }).
  if (isRecord(value.error) && typeof value.error.message === "string")
    return inspect(value.error, depth + 1);
  if ("cause" in value && value.cause !== undefined) {
    const inner = inspect(value.cause, depth + 1);
    if (inner !== undefined && inner.byCode !== undefined) return inner;
  }
  // TurnJobFailedError carries the worker's text in failedReason.
  const text = typeof value.failedReason === "string" ? value.failedReason : message;
  return text === "" ? undefined : { message: text, details, byCode: undefined };
}

function classifyCode(info: CodexErrorInfo): Classified | null | undefined {
  if (typeof info === "string") {
    switch (info) {
      case "usageLimitExceeded":
        return { kind: "usageLimit", shared: true, reason: "codexErrorInfo:usageLimitExceeded" };
      case "rateLimitExceeded":
        return { kind: "rateLimit", shared: true, reason: "codexErrorInfo:rateLimitExceeded" };
      case "serverOverloaded":
        return { kind: "overload", shared: true, reason: "codexErrorInfo:serverOverloaded" };
      case "other":
        return undefined;
      default:
        return null;
    }
  }
  if (!isRecord(info)) return undefined;
  for (const variant of HTTP_STATUS_VARIANTS) {
    const body = info[variant];
    if (!isRecord(body)) continue;
    const status = body.httpStatusCode;
    if (status === 429) return { kind: "rateLimit", shared: true, reason: `codexErrorInfo:${variant}:429` };
    if (status === 503) return { kind: "overload", shared: true, reason: `codexErrorInfo:${variant}:503` };
    // No status, or another one: the text may still say (e.g. "exceeded retry limit, last status: 429").
    return undefined;
  }
  return null;
}

function classifyText(text: string): Classified | undefined {
  if (/\busage limit\b/i.test(text))
    return { kind: "usageLimit", shared: true, reason: "message:usage-limit" };
  if (/\brate limit|\btoo many requests\b/i.test(text)) {
    return { kind: "rateLimit", shared: true, reason: "message:rate-limit" };
  }
  if (/\boverloaded\b/i.test(text)) return { kind: "overload", shared: true, reason: "message:overloaded" };
  return undefined;
}

function retryAfterFromSnapshot(
  snapshot: Camel.RateLimitSnapshot | null | undefined,
  nowMs: number,
): number | undefined {
  if (!snapshot) return undefined;
  let latest: number | undefined;
  for (const window of [snapshot.primary, snapshot.secondary]) {
    if (!window || typeof window.resetsAt !== "number" || window.usedPercent < 100) continue;
    const resetsAtMs = window.resetsAt * 1000;
    if (latest === undefined || resetsAtMs > latest) latest = resetsAtMs;
  }
  return latest === undefined ? undefined : Math.max(0, Math.ceil(latest - nowMs));
}

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1000,
  sec: 1000,
  secs: 1000,
  second: 1000,
  seconds: 1000,
  m: 60_000,
  min: 60_000,
  mins: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hrs: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

const DURATION_PART =
  /(\d+(?:\.\d+)?)\s*(milliseconds?|ms|seconds?|secs?|sec|s|minutes?|mins?|min|m|hours?|hrs?|hr|h|days?|d)(?![a-z])/giy;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "try again in 1m30.5s", "retry after 20 seconds", "Retry-After: 30", "Try again at 3:45 PM." */
export function retryAfterFromText(text: string, nowMs: number = Date.now()): number | undefined {
  const relative = /\b(?:try again|retry) (?:in|after)\s+/i.exec(text);
  if (relative) {
    const total = parseDuration(text, relative.index + relative[0].length);
    if (total !== undefined) return total;
  }
  const header = /\bretry-after:?\s*(\d+(?:\.\d+)?)\s*(ms)?\b/i.exec(text);
  if (header?.[1]) return Math.ceil(Number(header[1]) * (header[2] ? 1 : 1000));
  const at =
    /\btry again at (?:([A-Z][a-z]{2}) (\d{1,2})(?:st|nd|rd|th), (\d{4}) )?(\d{1,2}):(\d{2}) ?([AP]M)\b/i.exec(
      text,
    );
  if (at) {
    const now = new Date(nowMs);
    const month = at[1] ? MONTHS.findIndex((m) => m.toLowerCase() === at[1]?.toLowerCase()) : now.getMonth();
    if (month < 0) return undefined;
    const day = at[2] ? Number(at[2]) : now.getDate();
    const year = at[3] ? Number(at[3]) : now.getFullYear();
    const hour = (Number(at[4]) % 12) + (at[6]?.toUpperCase() === "PM" ? 12 : 0);
    // codex prints minutes, so the reset lies within the printed minute: wait for its end.
    const target = new Date(year, month, day, hour, Number(at[5]) + 1, 0, 0).getTime();
    return Math.max(0, target - nowMs);
  }
  return undefined;
}

function parseDuration(text: string, from: number): number | undefined {
  DURATION_PART.lastIndex = from;
  let total = 0;
  let parts = 0;
  for (;;) {
    const match = DURATION_PART.exec(text);
    if (!match?.[1] || !match[2]) break;
    const unit = UNIT_MS[match[2].toLowerCase()];
    if (unit === undefined) break;
    total += Number(match[1]) * unit;
    parts++;
    // Separators between parts: spaces, commas, "and".
    const rest = /^(?:\s*,?\s*(?:and\s+)?)/.exec(text.slice(DURATION_PART.lastIndex));
    DURATION_PART.lastIndex += rest?.[0].length ?? 0;
  }
  return parts > 0 ? Math.ceil(total) : undefined;
}
