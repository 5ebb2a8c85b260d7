import { mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CodexError } from "@codex/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rolloutPathInHome, writeRolloutIntoHome } from "../src/rollout-files.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "codex-queue-rollout-files-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("rollout paths inside CODEX_HOME", () => {
  it("stores the path relative to the home, with / separators", () => {
    expect(rolloutPathInHome("/homes/w1", "/homes/w1/sessions/2026/11/27/rollout-x.jsonl")).toBe(
      "sessions/2026/11/27/rollout-x.jsonl",
    );
  });

  it("sees through a symlinked home (macOS /tmp is /private/tmp)", async () => {
    const real = join(dir, "real-home");
    await mkdir(join(real, "sessions"), { recursive: true });
    await symlink(real, join(dir, "linked-home"));
    expect(rolloutPathInHome(join(dir, "linked-home"), join(real, "sessions"))).toBe("sessions");
  });

  it("refuses paths outside the home, both when storing and when restoring", async () => {
    expect(() => rolloutPathInHome("/homes/w1", "/homes/w2/sessions/x.jsonl")).toThrow(CodexError);
    await expect(writeRolloutIntoHome(dir, "../escape.jsonl", Buffer.from("x"))).rejects.toBeInstanceOf(
      CodexError,
    );
    await expect(writeRolloutIntoHome(dir, "/etc/passwd", Buffer.from("x"))).rejects.toBeInstanceOf(
      CodexError,
    );
  });

  it("writes a restored rollout where codex looks for it", async () => {
    const path = await writeRolloutIntoHome(dir, "sessions/2026/11/27/rollout-y.jsonl", Buffer.from("{}\n"));
    expect(path).toBe(join(dir, "sessions", "2026", "11", "27", "rollout-y.jsonl"));
    expect(await readFile(path, "utf8")).toBe("{}\n");
  });
});
