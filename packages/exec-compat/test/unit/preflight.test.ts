import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { insideGitRepo, preflight } from "../../src/preflight.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "compat-preflight-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("insideGitRepo (codex's rule: a .git entry in the folder or any parent)", () => {
  it("finds a .git folder above, and a .git file (a worktree)", async () => {
    await mkdir(join(root, "repo", ".git"), { recursive: true });
    await mkdir(join(root, "repo", "a", "b"), { recursive: true });
    await mkdir(join(root, "worktree", "src"), { recursive: true });
    await writeFile(join(root, "worktree", ".git"), "gitdir: /elsewhere\n");
    expect(insideGitRepo(join(root, "repo", "a", "b"))).toBe(true);
    expect(insideGitRepo(join(root, "worktree", "src"))).toBe(true);
  });
});

describe("preflight", () => {
  it("checks the directory first, then the prompt, then the repository", async () => {
    const missing = join(root, "missing");
    expect(() => preflight({ cwd: missing, prompt: "", skipGitRepoCheck: false })).toThrow(
      "No such file or directory (os error 2)",
    );
    await mkdir(join(root, "plain"), { recursive: true });
    const plain = join(root, "plain");
    expect(() => preflight({ cwd: plain, prompt: " \t\n", skipGitRepoCheck: true })).toThrow(
      "No prompt provided via stdin.",
    );
    if (!insideGitRepo(plain)) {
      expect(() => preflight({ cwd: plain, prompt: "hi", skipGitRepoCheck: false })).toThrow(
        "Not inside a trusted directory and --skip-git-repo-check was not specified.",
      );
    }
    expect(() => preflight({ cwd: plain, prompt: "hi", skipGitRepoCheck: true })).not.toThrow();
  });
});
