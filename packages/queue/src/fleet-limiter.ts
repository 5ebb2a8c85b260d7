/**
 * Fleet-wide admission control in Redis: every worker asks the same keys before it starts a turn, per
 * limiter scope (account fingerprint + model).
 *
 * - **Concurrency**: a sorted set of lease ids scored by expiry. `acquire` admits while fewer than
 *   `maxConcurrency` unexpired leases exist; a holder keeps its lease with `renew` (or `keepAlive`) and
 *   gives it back with `release`. A holder that dies (kill -9) stops renewing: its lease is reclaimed by the
 *   next `acquire` after `leaseTtlMs`, so a slot is never lost for good.
 * - **Tokens per minute**: a sliding window (default 60 s) of charged token counts, plus the estimates of
 *   running leases. `acquire` admits while `charged + reserved + estimatedTokens <= tokensPerMinute`; a scope
 *   with nothing charged or reserved admits any estimate (so a turn bigger than the cap runs alone, not
 *   never). `release(lease, { tokensUsed })` replaces the estimate with what the turn used, charged at
 *   release time; a reclaimed lease is charged its estimate at its expiry.
 * - **Shared backoff**: `backoff(scope, ...)` after codex reported a rate limit, usage limit or overload
 *   (see `rateLimitSignal`); until it ends, `acquire` refuses everyone with reason `"backoff"`.
 *
 * Each check runs in one Lua script with Redis' clock (`TIME`), in this order: backoff, reclaim of expired
 * leases, concurrency, tokens. A refusal says when to look again (`retryAtMs`, Redis time; `retryAfterMs`,
 * relative, for the caller's own clock).
 *
 * Keys: `<keyPrefix>:<scopeKey>:{leases,reserved,window,charges,backoff}`. When `keyPrefix` has a hash tag
 * (`codexq:{codex-turns}:limit`), all scopes share that slot (next to the queue's own keys); without one the
 * scope key is wrapped in braces (`codexq:limit:{key-…:gpt-5}`), one slot per scope. Either way every script
 * touches one slot, as Redis Cluster requires.
 * @module
 */
import { createHash, randomUUID } from "node:crypto";
import { CodexError } from "@codex/runtime";
import type { Cluster, Redis } from "ioredis";
import {
  ACQUIRE_SCRIPT,
  BACKOFF_SCRIPT,
  CLEAR_BACKOFF_SCRIPT,
  INSPECT_SCRIPT,
  RELEASE_SCRIPT,
  RENEW_SCRIPT,
} from "./fleet-limiter-scripts.js";

export {
  type RateLimitKind,
  type RateLimitSignal,
  type RateLimitSignalContext,
  rateLimitSignal,
  retryAfterFromText,
} from "./fleet-limiter-signal.js";

/** A bad limiter option or argument; `path` names it (e.g. `maxConcurrency`, `acquire.estimatedTokens`). */
export class FleetLimiterOptionsError extends CodexError {
  override name = "FleetLimiterOptionsError";
  readonly path: string;
  constructor(path: string, message: string) {
    super(`Invalid fleet limiter option ${path}: ${message}`);
    this.path = path;
  }
}

/** Who is limited: an account key from `accountKeyOf` (never a raw API key) and a model id. */
export interface LimiterScope {
  /** From `accountKeyOf`: `key-<hex>`, `acct-<hex>`, `group-<name>` or `default`. Letters, digits, `._-`. */
  readonly account: string;
  /** The model id as codex names it, e.g. `gpt-5-codex`. */
  readonly model: string;
}

/** What identifies the account a turn runs as. The first given wins: `group`, `apiKey`, `accountId`. */
export interface AccountIdentity {
  /** An explicit name for accounts that share one limit (e.g. several keys of one organisation). */
  readonly group?: string | null;
  /** The API key. Only its fingerprint leaves this function. */
  readonly apiKey?: string | null;
  /** The ChatGPT account id (from `account/read`). */
  readonly accountId?: string | null;
}

/**
 * The account part of a scope: `key-<16 hex>` (sha256 of the API key), `acct-<16 hex>` (sha256 of the
 * account id), `group-<name>` (URI-encoded, other characters than letters, digits and `._-` turned into `_`;
 * a sha256 fingerprint when longer than 64), or `default` when nothing is given. The
 * API key itself never appears in keys, events or errors.
 */
export function accountKeyOf(identity: AccountIdentity): string {
  if (identity.group) {
    const name = encodeURIComponent(identity.group).replace(/[^A-Za-z0-9._-]/g, "_");
    return name.length <= 64 ? `group-${name}` : `group-${fingerprint("codex-group", identity.group)}`;
  }
  if (identity.apiKey) return `key-${fingerprint("codex-api-key", identity.apiKey)}`;
  if (identity.accountId) return `acct-${fingerprint("codex-account", identity.accountId)}`;
  return "default";
}

/** A scope from an identity and a model: `{ account: accountKeyOf(identity), model }`. */
export function limiterScope(identity: AccountIdentity, model: string): LimiterScope {
  return { account: accountKeyOf(identity), model };
}

function fingerprint(domain: string, secret: string): string {
  return createHash("sha256").update(`${domain}\0${secret}`).digest("hex").slice(0, 16);
}

/** Caps of one scope. Omitted (or undefined) means no cap of that kind. */
export interface ScopeLimits {
  /** Turns running at once in the scope, across the fleet. A positive integer. */
  readonly maxConcurrency?: number;
  /** Tokens per window (default 60 s) in the scope, across the fleet. A positive integer. */
  readonly tokensPerMinute?: number;
}

/**
 * The shared backoff without retry-after. Strike n (1-based) waits `min(initialMs * 2^(n-1), maxMs)`:
 * 5 s, 10 s, 20 s, ... 5 min by default. Reports while a backoff is in force add no strike (the fleet's
 * turns failing together count once) and the strikes are forgotten `resetAfterMs` after the last backoff
 * ended. A retry-after from codex is used as given (not capped) and also counts as a strike.
 */
export interface BackoffPolicy {
  /** Default 5_000. */
  readonly initialMs?: number;
  /** Default 300_000. */
  readonly maxMs?: number;
  /** Default 600_000. */
  readonly resetAfterMs?: number;
}

/** The client types the limiter runs its scripts on. */
export type FleetLimiterRedis = Redis | Cluster;

export interface FleetLimiterOptions extends ScopeLimits {
  /** A connected ioredis client or cluster client; the limiter does not close it. */
  readonly redis: FleetLimiterRedis;
  /** Key prefix, e.g. `codexq:{codex-turns}:limit`; see the module doc for hash tags. */
  readonly keyPrefix: string;
  /**
   * Caps of one scope, overriding `maxConcurrency` / `tokensPerMinute` field by field (a field present with
   * `undefined` removes that cap for the scope; undefined as the result keeps the defaults). Called on every
   * `acquire`: keep it cheap.
   */
  readonly limitsFor?: (scope: LimiterScope) => ScopeLimits | undefined;
  /** How long a lease lives without `renew`. Default 60_000; at least 1_000. */
  readonly leaseTtlMs?: number;
  /** The token window. Default 60_000 (tokens per minute). */
  readonly tokenWindowMs?: number;
  /** When a refusal has no better time (a full scope whose leases are being renewed), retry after this. Default 1_000. */
  readonly retryPollMs?: number;
  readonly backoff?: BackoffPolicy;
}

export interface AcquireOptions {
  /** Tokens the turn is expected to use, reserved while it runs. Default 0. */
  readonly estimatedTokens?: number;
}

/** A slot held by one turn. Times are Redis' clock (ms since the epoch). */
export interface FleetLease {
  readonly id: string;
  readonly scope: LimiterScope;
  readonly estimatedTokens: number;
  readonly acquiredAtMs: number;
  /** Expiry when acquired; `renew` moves it (see its result). */
  readonly expiresAtMs: number;
}

/** Why a turn has to wait. */
export type AdmissionRefusalReason = "concurrency" | "tokens" | "backoff";

export interface AdmissionGranted {
  readonly admitted: true;
  readonly lease: FleetLease;
  /** Leases of dead holders reclaimed by this call. */
  readonly reclaimed: number;
}

export interface AdmissionRefused {
  readonly admitted: false;
  readonly reason: AdmissionRefusalReason;
  /** When to try again, Redis' clock. */
  readonly retryAtMs: number;
  /** `retryAtMs - nowMs`: add it to your own clock (e.g. `Date.now()` for BullMQ's delayed set). */
  readonly retryAfterMs: number;
  /** Redis' clock when the decision was made. */
  readonly nowMs: number;
  /** For `"concurrency"`: running leases; for `"tokens"`: tokens charged + reserved in the window. */
  readonly used: number;
  /** The cap that refused (0 for `"backoff"`). */
  readonly cap: number;
  /** For `"backoff"`: the reason given to `backoff()`. */
  readonly backoffReason?: string;
}

export type Admission = AdmissionGranted | AdmissionRefused;

export interface ReleaseOptions {
  /** Tokens the turn actually used (input + output). Default: the lease's estimate. 0 charges nothing. */
  readonly tokensUsed?: number;
}

export interface ReleaseResult {
  /** False when the lease was already reclaimed (its holder stopped renewing) or released. */
  readonly held: boolean;
  readonly tokensCharged: number;
  /** Redis' clock when the tokens were charged (they leave the window `tokenWindowMs` later). */
  readonly chargedAtMs: number;
}

export interface RenewResult {
  /** False when the lease is gone (reclaimed after `leaseTtlMs` without renewal, or released). */
  readonly held: boolean;
  /** The new expiry (Redis' clock), when held. */
  readonly expiresAtMs: number | undefined;
}

export interface BackoffOptions {
  /** What codex asked for (e.g. `RateLimitSignal.retryAfterMs`); the policy's delay when undefined. */
  readonly retryAfterMs?: number;
  /** Why, recorded and returned to refused callers: e.g. `usageLimit: codexErrorInfo:usageLimitExceeded`. */
  readonly reason: string;
}

export interface BackoffResult {
  /** When the backoff in force ends (Redis' clock): the later of the existing one and this one. */
  readonly untilMs: number;
  readonly nowMs: number;
  /** This report's strike count (see `BackoffPolicy`). */
  readonly strikes: number;
  /** False when an existing, longer backoff was kept as it was. */
  readonly extended: boolean;
  /** The reason of the backoff in force. */
  readonly reason: string;
}

export interface ScopeState {
  /** Unexpired leases. */
  readonly active: number;
  readonly reservedTokens: number;
  readonly chargedTokens: number;
  /** When a backoff is in force, its end (Redis' clock); undefined otherwise. */
  readonly backoffUntilMs: number | undefined;
  readonly backoffReason: string | undefined;
  readonly nowMs: number;
}

export interface KeepAliveOptions {
  /** Default `leaseTtlMs / 3`. */
  readonly intervalMs?: number;
  /** The lease was reclaimed: the turn runs on uncounted. Called once; renewing stops. */
  readonly onLost?: (lease: FleetLease) => void;
  /** A renewal failed (Redis unreachable); the next interval tries again. */
  readonly onError?: (error: unknown) => void;
}

/** Stops a `keepAlive`. */
export interface KeepAlive {
  stop(): void;
}

interface ScriptClient {
  evalsha(sha: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

const SCRIPTS = {
  acquire: script(ACQUIRE_SCRIPT),
  release: script(RELEASE_SCRIPT),
  renew: script(RENEW_SCRIPT),
  backoff: script(BACKOFF_SCRIPT),
  clearBackoff: script(CLEAR_BACKOFF_SCRIPT),
  inspect: script(INSPECT_SCRIPT),
} as const;

const ACCOUNT_PATTERN = /^[A-Za-z0-9._-]{1,200}$/;

/** Fleet-wide admission control for codex turns. See the module documentation. */
export class FleetLimiter {
  readonly keyPrefix: string;
  readonly leaseTtlMs: number;
  readonly tokenWindowMs: number;
  readonly retryPollMs: number;
  private readonly redis: ScriptClient;
  private readonly defaults: ScopeLimits;
  private readonly limitsFor: ((scope: LimiterScope) => ScopeLimits | undefined) | undefined;
  private readonly backoffPolicy: Required<BackoffPolicy>;
  private readonly taggedPrefix: boolean;

  constructor(options: FleetLimiterOptions) {
    if (typeof options !== "object" || options === null) {
      throw new FleetLimiterOptionsError("options", "expected an object");
    }
    if (typeof options.redis !== "object" || options.redis === null) {
      throw new FleetLimiterOptionsError("redis", "expected an ioredis Redis or Cluster client");
    }
    if (typeof options.keyPrefix !== "string" || options.keyPrefix.trim() === "") {
      throw new FleetLimiterOptionsError("keyPrefix", "expected a non-empty string");
    }
    this.redis = options.redis as unknown as ScriptClient;
    this.keyPrefix = options.keyPrefix;
    this.taggedPrefix = hasHashTag(options.keyPrefix);
    this.defaults = checkLimits(options, "");
    this.limitsFor = options.limitsFor;
    if (this.limitsFor !== undefined && typeof this.limitsFor !== "function") {
      throw new FleetLimiterOptionsError("limitsFor", "expected a function");
    }
    this.leaseTtlMs = integer(options.leaseTtlMs, "leaseTtlMs", 60_000, 1_000);
    this.tokenWindowMs = integer(options.tokenWindowMs, "tokenWindowMs", 60_000, 1_000);
    this.retryPollMs = integer(options.retryPollMs, "retryPollMs", 1_000, 1);
    const backoff = options.backoff ?? {};
    const initialMs = integer(backoff.initialMs, "backoff.initialMs", 5_000, 1);
    const maxMs = integer(backoff.maxMs, "backoff.maxMs", 300_000, 1);
    if (maxMs < initialMs)
      throw new FleetLimiterOptionsError("backoff.maxMs", "must be >= backoff.initialMs");
    const resetAfterMs = integer(backoff.resetAfterMs, "backoff.resetAfterMs", 600_000, 0);
    this.backoffPolicy = { initialMs, maxMs, resetAfterMs };
  }

  /** The scope's part of the keys: `<account>:<model, URI-encoded>`. */
  scopeKey(scope: LimiterScope): string {
    checkScope(scope);
    return `${scope.account}:${encodeURIComponent(scope.model)}`;
  }

  /** The Redis keys of a scope (all in one cluster slot). */
  keysOf(scope: LimiterScope): {
    readonly leases: string;
    readonly reserved: string;
    readonly window: string;
    readonly charges: string;
    readonly backoff: string;
  } {
    const scopeKey = this.scopeKey(scope);
    const base = this.taggedPrefix ? `${this.keyPrefix}:${scopeKey}` : `${this.keyPrefix}:{${scopeKey}}`;
    return {
      leases: `${base}:leases`,
      reserved: `${base}:reserved`,
      window: `${base}:window`,
      charges: `${base}:charges`,
      backoff: `${base}:backoff`,
    };
  }

  /** The caps that apply to a scope (defaults overridden by `limitsFor`). */
  limitsOf(scope: LimiterScope): ScopeLimits {
    const override = this.limitsFor?.(scope);
    if (override === undefined) return this.defaults;
    const checked = checkLimits(override, "limitsFor().");
    return {
      maxConcurrency: "maxConcurrency" in override ? checked.maxConcurrency : this.defaults.maxConcurrency,
      tokensPerMinute:
        "tokensPerMinute" in override ? checked.tokensPerMinute : this.defaults.tokensPerMinute,
    };
  }

  /** Admits a turn (a lease to renew and release) or says why and until when it has to wait. Atomic. */
  async acquire(scope: LimiterScope, options: AcquireOptions = {}): Promise<Admission> {
    const keys = this.keysOf(scope);
    const limits = this.limitsOf(scope);
    const estimatedTokens = integer(options.estimatedTokens, "acquire.estimatedTokens", 0, 0);
    const id = randomUUID();
    const reply = await this.run(
      SCRIPTS.acquire,
      [keys.leases, keys.reserved, keys.window, keys.charges, keys.backoff],
      [
        id,
        this.leaseTtlMs,
        limits.maxConcurrency ?? 0,
        limits.tokensPerMinute ?? 0,
        estimatedTokens,
        this.tokenWindowMs,
        this.retryPollMs,
      ],
    );
    const [admitted, reason, atMs, nowMs, backoffReason, used, cap, reclaimed] = reply;
    if (admitted === 1) {
      return {
        admitted: true,
        lease: { id, scope, estimatedTokens, acquiredAtMs: num(nowMs), expiresAtMs: num(atMs) },
        reclaimed: num(reclaimed),
      };
    }
    const refusal = String(reason) as AdmissionRefusalReason;
    return {
      admitted: false,
      reason: refusal,
      retryAtMs: num(atMs),
      retryAfterMs: Math.max(0, num(atMs) - num(nowMs)),
      nowMs: num(nowMs),
      used: num(used),
      cap: num(cap),
      ...(refusal === "backoff" && { backoffReason: String(backoffReason) }),
    };
  }

  /** Frees the lease's slot and charges the tokens used (default: its estimate) to the window. */
  async release(lease: FleetLease, options: ReleaseOptions = {}): Promise<ReleaseResult> {
    const keys = this.keysOf(lease.scope);
    const tokens = integer(options.tokensUsed, "release.tokensUsed", -1, 0);
    const [held, charged, nowMs] = await this.run(
      SCRIPTS.release,
      [keys.leases, keys.reserved, keys.window, keys.charges],
      [lease.id, tokens, this.tokenWindowMs],
    );
    return { held: held === 1, tokensCharged: num(charged), chargedAtMs: num(nowMs) };
  }

  /** Extends the lease by `leaseTtlMs` from now; `held: false` when it was reclaimed or released. */
  async renew(lease: FleetLease): Promise<RenewResult> {
    const keys = this.keysOf(lease.scope);
    const [held, expiresAtMs] = await this.run(
      SCRIPTS.renew,
      [keys.leases, keys.reserved],
      [lease.id, this.leaseTtlMs, this.tokenWindowMs],
    );
    return held === 1
      ? { held: true, expiresAtMs: num(expiresAtMs) }
      : { held: false, expiresAtMs: undefined };
  }

  /** Renews the lease every `intervalMs` until stopped (or lost). The timer does not keep Node alive. */
  keepAlive(lease: FleetLease, options: KeepAliveOptions = {}): KeepAlive {
    const intervalMs = integer(
      options.intervalMs,
      "keepAlive.intervalMs",
      Math.floor(this.leaseTtlMs / 3),
      1,
    );
    let stopped = false;
    let inFlight = false;
    const timer = setInterval(() => {
      if (stopped || inFlight) return;
      inFlight = true;
      this.renew(lease).then(
        (result) => {
          inFlight = false;
          if (result.held || stopped) return;
          stopped = true;
          clearInterval(timer);
          options.onLost?.(lease);
        },
        (error: unknown) => {
          inFlight = false;
          options.onError?.(error);
        },
      );
    }, intervalMs);
    timer.unref?.();
    return {
      stop: () => {
        stopped = true;
        clearInterval(timer);
      },
    };
  }

  /**
   * Makes every worker wait: sets or extends the scope's shared backoff (never shortens it). With
   * `retryAfterMs`, waits that long; without, follows the `BackoffPolicy`.
   */
  async backoff(scope: LimiterScope, options: BackoffOptions): Promise<BackoffResult> {
    const keys = this.keysOf(scope);
    if (typeof options?.reason !== "string" || options.reason === "") {
      throw new FleetLimiterOptionsError("backoff.reason", "expected a non-empty string");
    }
    const retryAfterMs = integer(
      options.retryAfterMs === undefined ? undefined : Math.ceil(options.retryAfterMs),
      "backoff.retryAfterMs",
      -1,
      0,
    );
    const { initialMs, maxMs, resetAfterMs } = this.backoffPolicy;
    const [untilMs, nowMs, strikes, extended, reason] = await this.run(
      SCRIPTS.backoff,
      [keys.backoff],
      [retryAfterMs, options.reason.slice(0, 500), initialMs, maxMs, resetAfterMs],
    );
    return {
      untilMs: num(untilMs),
      nowMs: num(nowMs),
      strikes: num(strikes),
      extended: extended === 1,
      reason: String(reason),
    };
  }

  /** Ends the scope's backoff at once and forgets its strikes (an operator's override). */
  async clearBackoff(scope: LimiterScope): Promise<boolean> {
    const keys = this.keysOf(scope);
    const reply = await this.redis
      .evalsha(SCRIPTS.clearBackoff.sha, 1, keys.backoff)
      .catch((error: unknown) => {
        if (!isNoScript(error)) throw error;
        return this.redis.eval(SCRIPTS.clearBackoff.source, 1, keys.backoff);
      });
    return reply === 1;
  }

  /** What the scope holds now (read-only; for metrics and tests). */
  async inspect(scope: LimiterScope): Promise<ScopeState> {
    const keys = this.keysOf(scope);
    const [active, reserved, charged, backoffUntil, backoffReason, nowMs] = await this.run(
      SCRIPTS.inspect,
      [keys.leases, keys.reserved, keys.window, keys.charges, keys.backoff],
      [this.tokenWindowMs],
    );
    const until = num(backoffUntil);
    return {
      active: num(active),
      reservedTokens: num(reserved),
      chargedTokens: num(charged),
      backoffUntilMs: until > 0 ? until : undefined,
      backoffReason: until > 0 ? String(backoffReason) : undefined,
      nowMs: num(nowMs),
    };
  }

  private async run(
    which: Script,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<readonly unknown[]> {
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(which.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      reply = await this.redis.eval(which.source, keys.length, ...keys, ...args);
    }
    if (!Array.isArray(reply))
      throw new CodexError(`fleet limiter: unexpected script reply ${String(reply)}`);
    return reply;
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

function num(value: unknown): number {
  return typeof value === "number" ? value : Number(value);
}

/** Redis' rule: the first `{` and the next `}` with something between them. */
export function hasHashTag(key: string): boolean {
  const open = key.indexOf("{");
  if (open < 0) return false;
  const close = key.indexOf("}", open + 1);
  return close > open + 1;
}

function checkScope(scope: LimiterScope): void {
  if (typeof scope !== "object" || scope === null)
    throw new FleetLimiterOptionsError("scope", "expected an object");
  if (typeof scope.account !== "string" || !ACCOUNT_PATTERN.test(scope.account)) {
    throw new FleetLimiterOptionsError(
      "scope.account",
      "expected an accountKeyOf() value (letters, digits, ._-)",
    );
  }
  if (/^sk-/i.test(scope.account)) {
    throw new FleetLimiterOptionsError(
      "scope.account",
      "looks like an API key: pass it through accountKeyOf()",
    );
  }
  if (typeof scope.model !== "string" || scope.model === "" || scope.model.length > 200) {
    throw new FleetLimiterOptionsError("scope.model", "expected a model id (1-200 characters)");
  }
}

function checkLimits(limits: ScopeLimits, path: string): ScopeLimits {
  return {
    maxConcurrency: optionalCap(limits.maxConcurrency, `${path}maxConcurrency`),
    tokensPerMinute: optionalCap(limits.tokensPerMinute, `${path}tokensPerMinute`),
  };
}

function optionalCap(value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new FleetLimiterOptionsError(path, `expected a positive integer, got ${String(value)}`);
  }
  return value;
}

function integer(value: unknown, path: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new FleetLimiterOptionsError(path, `expected an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}
