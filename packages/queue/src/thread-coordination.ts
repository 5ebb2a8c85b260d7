import type { Redis } from "ioredis";
import type { QueueKeys } from "./keys.js";

/**
 * The per-thread protocol in Redis, as Lua scripts so each step is atomic:
 * - `pending` lists the thread's unfinished jobs in enqueue order; only the head may run.
 * - `lock` holds the fencing token (`<jobId>|<nonce>`) of the one attempt allowed to run the head job
 *   and commit it; it expires unless renewed, so a dead worker's lock frees itself.
 * - `commit` stores the new version only if the caller still holds the lock and the version did not
 *   move, and pops the job in the same step: a turn is applied to stored history at most once.
 */
const ACQUIRE = `
local pos = redis.call('LPOS', KEYS[1], ARGV[1])
if not pos then return {'missing'} end
if pos ~= 0 then return {'waiting', redis.call('LINDEX', KEYS[1], 0)} end
local holder = redis.call('GET', KEYS[2])
if holder and string.sub(holder, 1, string.len(ARGV[1]) + 1) ~= ARGV[1] .. '|' then
  return {'locked', holder}
end
redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
return {'ok'}`;

const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const COMMIT = `
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 'lost-lock' end
local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if version ~= tonumber(ARGV[2]) then return 'conflict' end
redis.call('HSET', KEYS[1], 'version', ARGV[3], 'codexThreadId', ARGV[5], 'rolloutPath', ARGV[6],
  'lastJobId', ARGV[4], 'lastOutcome', ARGV[7])
redis.call('LREM', KEYS[2], 1, ARGV[4])
redis.call('DEL', KEYS[3])
return 'ok'`;

/** Drops the job from the thread's queue without touching history (failed before the turn ran, cancelled). */
const FINISH = `
redis.call('LREM', KEYS[1], 1, ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 'ok'`;

/** Gives the lock back and keeps the job queued (graceful shutdown requeues it). */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 'ok'`;

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
}

export class ThreadCoordination {
  constructor(
    private readonly redis: Redis,
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

  async renew(threadId: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(RENEW, 1, this.keys.lock(threadId), token, String(ttlMs))) === 1;
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

  async commit(threadId: string, request: CommitRequest): Promise<"ok" | "lost-lock" | "conflict"> {
    return (await this.redis.eval(
      COMMIT,
      3,
      this.keys.thread(threadId),
      this.keys.pending(threadId),
      this.keys.lock(threadId),
      request.token,
      String(request.expectedVersion),
      String(request.expectedVersion + 1),
      request.jobId,
      request.codexThreadId,
      request.rolloutPath,
      request.outcome,
    )) as "ok" | "lost-lock" | "conflict";
  }

  async finish(threadId: string, jobId: string, token: string): Promise<void> {
    await this.redis.eval(FINISH, 2, this.keys.pending(threadId), this.keys.lock(threadId), token, jobId);
  }

  async release(threadId: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.keys.lock(threadId), token);
  }
}
