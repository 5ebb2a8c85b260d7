import type { QueueKeys } from "./keys.js";
import type { RedisClient } from "./redis-connection.js";

/**
 * The per-thread protocol in Redis, as Lua scripts so each step is atomic:
 * - `pending` lists the thread's unfinished jobs in enqueue order; only the head may run.
 * - `lock` holds the fencing token (`<jobId>|<workerId>|<nonce>`) of the one attempt allowed to run the
 *   head job and commit it; it expires unless renewed, so a dead worker's lock frees itself. A held lock
 *   is never taken, not even by another attempt of the same job: a live attempt that lost Redis for a
 *   while takes its expired lock back, and a second attempt (BullMQ retried the job as stalled) waits and
 *   then replays the first one's commit instead of running the turn again.
 * - `commit` stores the new version only if the caller still holds the lock and the version did not
 *   move, and pops the job in the same step: a turn is applied to stored history at most once.
 */
const ACQUIRE = `
local pos = redis.call('LPOS', KEYS[1], ARGV[1])
if not pos then return {'missing'} end
if pos ~= 0 then return {'waiting', redis.call('LINDEX', KEYS[1], 0)} end
local holder = redis.call('GET', KEYS[2])
if holder then return {'locked', holder} end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return {'ok'}`;

/**
 * Keeps or takes back the lock (lockKey, pendingKey, token, jobId, ttl). A lock that expired (Redis was
 * unreachable longer than its ttl) is taken back when nobody else took it: the key is absent and the job
 * is still the thread's head. Returns 'held', 'reclaimed', the other holder's token, or '' when the job
 * is no longer the head (committed or dropped).
 */
const CLAIM = `
local function claim(lockKey, pendingKey, token, jobId, ttl)
  local holder = redis.call('GET', lockKey)
  if holder == token then
    redis.call('PEXPIRE', lockKey, ttl)
    return 'held'
  end
  if holder then return holder end
  if redis.call('LINDEX', pendingKey, 0) ~= jobId then return '' end
  redis.call('SET', lockKey, token, 'PX', ttl)
  return 'reclaimed'
end`;

const RENEW = `${CLAIM}
return claim(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3])`;

/**
 * Idempotent (a commit resent after a reconnect finds its own result and says 'ok' again), then the lock
 * (kept or reclaimed), then the version; stores the new version and pops the job in the same step.
 */
const COMMIT = `${CLAIM}
local stored = redis.call('HMGET', KEYS[1], 'version', 'lastJobId', 'lastToken')
if stored[3] == ARGV[1] and tonumber(stored[1] or '0') == tonumber(ARGV[3]) then return {'ok', 'held'} end
local claimed = claim(KEYS[3], KEYS[2], ARGV[1], ARGV[4], ARGV[8])
if claimed ~= 'held' and claimed ~= 'reclaimed' then
  if claimed == '' and stored[2] == ARGV[4] then claimed = stored[3] or '' end
  return {'lost-lock', claimed}
end
if tonumber(stored[1] or '0') ~= tonumber(ARGV[2]) then return {'conflict'} end
redis.call('HSET', KEYS[1], 'version', ARGV[3], 'codexThreadId', ARGV[5], 'rolloutPath', ARGV[6],
  'lastJobId', ARGV[4], 'lastOutcome', ARGV[7], 'lastToken', ARGV[1])
redis.call('LREM', KEYS[2], 1, ARGV[4])
redis.call('DEL', KEYS[3])
redis.call('SET', KEYS[4], ARGV[7], 'EX', ARGV[9])
return {'ok', claimed}`;

/** Drops the job from the thread's queue without touching history (failed before the turn ran, cancelled). */
const FINISH = `
redis.call('LREM', KEYS[1], 1, ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 'ok'`;

/** Gives the lock back and keeps the job queued (graceful shutdown requeues it). */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 'ok'`;

/** A lock kept or taken back, or who has it now (`owner`: a token, '' when the turn left the queue). */
export type ClaimResult =
  | { readonly kind: "held" | "reclaimed" }
  | { readonly kind: "taken"; readonly owner: string };

export type CommitResult =
  | { readonly kind: "ok"; readonly reclaimed: boolean }
  | { readonly kind: "conflict" }
  | { readonly kind: "lost-lock"; readonly owner: string };

export type AcquireResult =
  | { readonly kind: "ok" | "missing" }
  | { readonly kind: "waiting" | "locked"; readonly holder: string };

/** What the thread hash says: the committed version and where its rollout is. */
export interface StoredThread {
  readonly version: number;
  readonly codexThreadId: string | undefined;
  readonly rolloutPath: string | undefined;
  readonly lastJobId: string | undefined;
  readonly lastOutcome: string | undefined;
  readonly options: string | undefined;
}

export interface CommitRequest {
  readonly token: string;
  readonly jobId: string;
  readonly expectedVersion: number;
  readonly codexThreadId: string;
  readonly rolloutPath: string;
  readonly outcome: string;
  /** A lock that expired is taken back for this long. */
  readonly ttlMs: number;
  /**
   * The job's outcome is kept this long on its own as well, so a later attempt of the job (BullMQ retried
   * it as stalled) replays it even after the thread's next turns committed.
   */
  readonly outcomeTtlSeconds: number;
}

export class ThreadCoordination {
  constructor(
    private readonly redis: RedisClient,
    private readonly keys: QueueKeys,
  ) {}

  async acquire(threadId: string, jobId: string, token: string, ttlMs: number): Promise<AcquireResult> {
    const [kind, holder] = (await this.redis.eval(
      ACQUIRE,
      2,
      this.keys.pending(threadId),
      this.keys.lock(threadId),
      jobId,
      token,
      String(ttlMs),
    )) as [string, string | undefined];
    if (kind === "waiting" || kind === "locked") return { kind, holder: holder ?? "" };
    return { kind: kind as "ok" | "missing" };
  }

  /** Extends the lock, or takes it back if it expired and nobody else took it. */
  async renew(threadId: string, jobId: string, token: string, ttlMs: number): Promise<ClaimResult> {
    const reply = (await this.redis.eval(
      RENEW,
      2,
      this.keys.lock(threadId),
      this.keys.pending(threadId),
      token,
      jobId,
      String(ttlMs),
    )) as string;
    return reply === "held" || reply === "reclaimed" ? { kind: reply } : { kind: "taken", owner: reply };
  }

  /** The outcome a committed job stored (its own key, kept `outcomeTtlSeconds`), or undefined. */
  async outcomeOf(jobId: string): Promise<string | undefined> {
    return (await this.redis.get(this.keys.outcome(jobId))) ?? undefined;
  }

  async read(threadId: string): Promise<StoredThread | undefined> {
    const hash = await this.redis.hgetall(this.keys.thread(threadId));
    if (Object.keys(hash).length === 0) return undefined;
    return {
      version: Number(hash.version ?? "0"),
      codexThreadId: hash.codexThreadId,
      rolloutPath: hash.rolloutPath,
      lastJobId: hash.lastJobId,
      lastOutcome: hash.lastOutcome,
      options: hash.options,
    };
  }

  async commit(threadId: string, request: CommitRequest): Promise<CommitResult> {
    const [kind, detail] = (await this.redis.eval(
      COMMIT,
      4,
      this.keys.thread(threadId),
      this.keys.pending(threadId),
      this.keys.lock(threadId),
      this.keys.outcome(request.jobId),
      request.token,
      String(request.expectedVersion),
      String(request.expectedVersion + 1),
      request.jobId,
      request.codexThreadId,
      request.rolloutPath,
      request.outcome,
      String(request.ttlMs),
      String(request.outcomeTtlSeconds),
    )) as [string, string | undefined];
    if (kind === "ok") return { kind, reclaimed: detail === "reclaimed" };
    if (kind === "lost-lock") return { kind, owner: detail ?? "" };
    return { kind: "conflict" };
  }

  async finish(threadId: string, jobId: string, token: string): Promise<void> {
    await this.redis.eval(FINISH, 2, this.keys.pending(threadId), this.keys.lock(threadId), token, jobId);
  }

  async release(threadId: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.keys.lock(threadId), token);
  }
}
