import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CodexError } from "@codex/runtime";
import type { RolloutStore } from "./rollout-store.js";

/**
 * Rollouts as files in a directory every worker mounts (NFS, a shared volume): `<dir>/<threadId>/<version>.jsonl`.
 * Writes go to a temp file first and are renamed into place, so readers never see half a file.
 */
export class DirectoryRolloutStore implements RolloutStore {
  constructor(private readonly directory: string) {}

  async put(threadId: string, version: number, rollout: Buffer): Promise<void> {
    const folder = join(this.directory, threadId);
    await mkdir(folder, { recursive: true });
    const temp = join(folder, `.${version}.${randomUUID()}.tmp`);
    await writeFile(temp, rollout);
    await rename(temp, this.#file(threadId, version));
  }

  async get(threadId: string, version: number): Promise<Buffer> {
    try {
      return await readFile(this.#file(threadId, version));
    } catch (error) {
      throw new CodexError(`No stored rollout for thread ${threadId} version ${version}.`, { cause: error });
    }
  }

  async delete(threadId: string, version: number): Promise<void> {
    await rm(this.#file(threadId, version), { force: true });
  }

  #file(threadId: string, version: number): string {
    return join(this.directory, threadId, `${version}.jsonl`);
  }
}
