import {
  type AccountIdentity,
  type Admission,
  type BackoffPolicy,
  type FleetLease,
  FleetLimiter,
  type KeepAlive,
  type LimiterScope,
  limiterScope,
  rateLimitSignal,
  type ScopeLimits,
} from "./fleet-limiter.js";
import type { QueueKeys } from "./keys.js";
import type { RedisClient } from "./redis-connection.js";

/**
 * Fleet-wide admission control of a worker (`CreateWorkerOptions.rateLimit`): every worker of the queue
 * shares it in Redis, per account (a fingerprint, never the key) and model. Without caps it still holds
 * turns back while codex reports a rate limit, usage limit or overload (the shared backoff).
 */
export interface WorkerRateLimitOptions extends ScopeLimits {
  /**
   * Names the account the turns are charged to. Default: a fingerprint of the worker's `codex.apiKey`,
   * else "default" (every worker on one login). Workers on different accounts get separate limits.
   */
  readonly account?: AccountIdentity;
  /** Caps per scope, over `maxConcurrency` / `tokensPerMinute` (e.g. per model). */
  readonly limitsFor?: (scope: LimiterScope) => ScopeLimits | undefined;
  /** Tokens a turn is assumed to use until it reports its usage, for `tokensPerMinute`. Default 0. */
  readonly estimatedTokensPerTurn?: number;
  /** A slot of a worker that died comes back after this long. Default 60 000 ms (keep it above outages). */
  readonly leaseTtlMs?: number;
  /** Backoff without a retry-after from codex. Default 5 s, doubling to 5 min. */
  readonly backoff?: BackoffPolicy;
  /** Spread of wake-ups after a wait, so waiting jobs do not all retry at once. Default 500 ms. */
  readonly jitterMs?: number;
}

/** Why a job waits in the queue instead of running now (the `queue/rateLimited` event's params). */
export interface RateLimitWait {
  readonly reason: "concurrency" | "tokens" | "backoff";
  /** What set the backoff (codex's rate limit, usage limit or overload message), for reason "backoff". */
  readonly backoffReason?: string;
  readonly account: string;
  readonly model: string;
  /** In use / the cap (slots or tokens), for reasons "concurrency" and "tokens". */
  readonly used?: number;
  readonly cap?: number;
  readonly waitMs: number;
  readonly workerId: string;
}

export type AdmissionResult =
  | { readonly admitted: true; readonly lease: FleetLease; readonly keepAlive: KeepAlive }
  | { readonly admitted: false; readonly wait: RateLimitWait };

/** The model a job's turn runs on: its turn options, its thread's options, else the account's default. */
export function modelOf(turnOptions: unknown, threadOptions: unknown): string {
  for (const options of [turnOptions, threadOptions]) {
    const model = (options as { model?: unknown } | undefined)?.model;
    if (typeof model === "string" && model) return model;
  }
  return "default";
}

export class TurnAdmission {
  readonly #limiter: FleetLimiter;
  readonly #identity: AccountIdentity;
  readonly #estimate: number;
  readonly #jitterMs: number;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: QueueKeys,
    private readonly workerId: string,
    options: WorkerRateLimitOptions,
    apiKey: string | undefined,
    private readonly onKeepAliveLost: (lease: FleetLease) => void,
  ) {
    this.#limiter = new FleetLimiter({
      redis,
      keyPrefix: keys.limiterPrefix,
      ...(options.maxConcurrency !== undefined && { maxConcurrency: options.maxConcurrency }),
      ...(options.tokensPerMinute !== undefined && { tokensPerMinute: options.tokensPerMinute }),
      ...(options.limitsFor && { limitsFor: options.limitsFor }),
      ...(options.leaseTtlMs !== undefined && { leaseTtlMs: options.leaseTtlMs }),
      ...(options.backoff && { backoff: options.backoff }),
    });
    this.#identity = options.account ?? (apiKey ? { apiKey } : {});
    this.#estimate = options.estimatedTokensPerTurn ?? 0;
    this.#jitterMs = options.jitterMs ?? 500;
  }

  /**
   * Admits the job's turn on `model` (its lease names the scope), or says how long it waits (and keeps it
   * in the queue's rate-limited set).
   */
  async admit(jobId: string, model: string): Promise<AdmissionResult> {
    const scope = limiterScope(this.#identity, model);
    const admission: Admission = await this.#limiter.acquire(scope, { estimatedTokens: this.#estimate });
    if (admission.admitted) {
      await this.redis.zrem(this.keys.rateLimited, jobId);
      const keepAlive = this.#limiter.keepAlive(admission.lease, { onLost: this.onKeepAliveLost });
      return { admitted: true, lease: admission.lease, keepAlive };
    }
    const waitMs = Math.ceil(admission.retryAfterMs + Math.random() * this.#jitterMs);
    await this.#markWaiting(jobId, waitMs);
    return {
      admitted: false,
      wait: {
        reason: admission.reason,
        ...(admission.backoffReason !== undefined && { backoffReason: admission.backoffReason }),
        account: scope.account,
        model: scope.model,
        ...(admission.reason !== "backoff" && { used: admission.used, cap: admission.cap }),
        waitMs,
        workerId: this.workerId,
      },
    };
  }

  /** Gives the slot back, charging what the turn used to the tokens-per-minute window. */
  async release(admitted: { lease: FleetLease; keepAlive: KeepAlive }, tokensUsed: number | undefined) {
    admitted.keepAlive.stop();
    await this.#limiter.release(admitted.lease, tokensUsed === undefined ? {} : { tokensUsed });
  }

  /**
   * A failed turn: when codex reported a rate limit, usage limit or overload shared by the account, every
   * worker backs off (honouring codex's retry-after) and this job waits; undefined when it is another
   * failure, which fails the job as before.
   */
  async onFailure(jobId: string, scope: LimiterScope, error: unknown): Promise<RateLimitWait | undefined> {
    const signal = rateLimitSignal(error);
    if (!signal?.shared) return undefined;
    const reason = `${signal.kind}: ${signal.reason}`;
    const backoff = await this.#limiter.backoff(scope, {
      ...(signal.retryAfterMs !== undefined && { retryAfterMs: signal.retryAfterMs }),
      reason,
    });
    const waitMs = Math.ceil(Math.max(0, backoff.untilMs - backoff.nowMs) + Math.random() * this.#jitterMs);
    await this.#markWaiting(jobId, waitMs);
    return {
      reason: "backoff",
      backoffReason: backoff.reason,
      account: scope.account,
      model: scope.model,
      waitMs,
      workerId: this.workerId,
    };
  }

  /** Jobs waiting on the rate limit now; old entries (jobs cancelled while waiting) age out. */
  async #markWaiting(jobId: string, waitMs: number): Promise<void> {
    const now = Date.now();
    await this.redis.zadd(this.keys.rateLimited, now + waitMs, jobId);
    await this.redis.zremrangebyscore(this.keys.rateLimited, "-inf", now - STALE_MS);
  }
}

/** A rate-limited entry still there this long after its job's wake-up time is stale (not counted). */
export const STALE_MS = 60_000;

/** How many jobs of a queue wait on the rate limit now (see `queueStats`). */
export async function rateLimitedCount(redis: RedisClient, keys: QueueKeys): Promise<number> {
  return redis.zcount(keys.rateLimited, Date.now() - STALE_MS, "+inf");
}
