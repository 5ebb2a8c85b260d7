/**
 * Where thread rollouts (codex's JSONL history files) are kept between turns. A blob is written under a
 * new version before the turn's commit in Redis points at it, so a half-written blob is never current.
 */
export interface RolloutStore {
  /** Stores the rollout of `threadId` at `version` (overwrites an orphan of a failed attempt). */
  put(threadId: string, version: number, rollout: Buffer): Promise<void>;
  /** The rollout at `version`; rejects when it is missing. */
  get(threadId: string, version: number): Promise<Buffer>;
  /** Drops an old version (best effort, after a newer one was committed). */
  delete(threadId: string, version: number): Promise<void>;
}
