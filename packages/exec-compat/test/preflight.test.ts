import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reply } from "@codex/app-server-testing";
import { CodexError } from "@codex/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExecCompatError } from "../src/index.js";
import { insideGitRepo } from "../src/preflight.js";
import { collect, useCompatEnv } from "./support/compat-env.js";

const fx = useCompatEnv();
let outsideGit: string;

beforeAll(async () => {
  // A folder with no `.git` above it. Codex (and this package) take any `.git` entry on the way up
  // for a repository, even an empty one someone left in the temp dir, so look for a clean parent.
  const parent = [tmpdir(), "/dev/shm", "/var/tmp"].find((dir) => existsSync(dir) && !insideGitRepo(dir));
  if (!parent) throw new Error("no temp folder outside a git repository on this machine");
  outsideGit = await mkdtemp(join(parent, "compat-nogit-"));
});
afterAll(async () => {
  await rm(outsideGit, { recursive: true, force: true });
});

const NOT_TRUSTED = "Not inside a trusted directory and --skip-git-repo-check was not specified.";

describe("checks before any model call", () => {
  it("refuses a working directory outside a git repository, with codex exec's message", async () => {
    const requests = fx.env.mock.requests.length;
    const thread = fx.compat().startThread({ workingDirectory: outsideGit });
    const { events, error } = await collect((await thread.runStreamed("hi")).events);
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(ExecCompatError);
    expect(error).toBeInstanceOf(CodexError);
    expect(error?.message).toMatch(/^Codex Exec exited with code 1: /);
    expect(error?.message).toContain(NOT_TRUSTED);
    expect(thread.id).toBeNull();
    expect(fx.env.mock.requests.length).toBe(requests);
  });

  it("runs there with skipGitRepoCheck", async () => {
    fx.env.mock.enqueue(reply.message("ok"));
    const thread = fx.compat().startThread({ workingDirectory: outsideGit, skipGitRepoCheck: true });
    expect((await thread.run("hi")).finalResponse).toBe("ok");
  });

  it("refuses empty or blank input, and input with only images", async () => {
    const requests = fx.env.mock.requests.length;
    const thread = fx.compat().startThread({ workingDirectory: fx.env.workspace });
    for (const input of ["", "  \n", [], [{ type: "local_image" as const, path: "/nowhere.png" }]]) {
      await expect(thread.run(input)).rejects.toThrow("No prompt provided via stdin.");
    }
    expect(fx.env.mock.requests.length).toBe(requests);
  });

  it("checks the input before the git repository, as codex exec does", async () => {
    const thread = fx.compat().startThread({ workingDirectory: outsideGit });
    await expect(thread.run(" ")).rejects.toThrow("No prompt provided via stdin.");
  });

  it("refuses a working directory that does not exist", async () => {
    const thread = fx
      .compat()
      .startThread({ workingDirectory: join(outsideGit, "missing"), skipGitRepoCheck: true });
    await expect(thread.run("hi")).rejects.toThrow("No such file or directory (os error 2)");
  });

  it("refuses an outputSchema that is not a plain object", async () => {
    const thread = fx.compat().startThread({ workingDirectory: fx.env.workspace });
    for (const outputSchema of ["{}", [], null, 3]) {
      await expect(thread.run("hi", { outputSchema })).rejects.toThrow(
        "outputSchema must be a plain JSON object",
      );
    }
  });

  it("reports config codex cannot take at the first run, not at construction", async () => {
    const codex = fx.compat({ config: { bad: null } as never });
    const thread = codex.startThread({ workingDirectory: fx.env.workspace });
    await expect(thread.run("hi")).rejects.toThrow("Codex config override at bad cannot be null");
    const nan = fx.compat({ config: { n: Number.NaN } }).startThread({ workingDirectory: fx.env.workspace });
    await expect(nan.run("hi")).rejects.toThrow("Codex config override at n must be a finite number");
  });

  it("gives the same messages as @openai/codex-sdk (after its stderr preamble)", async () => {
    const cases = [
      { options: { workingDirectory: outsideGit }, input: "hi" },
      { options: { workingDirectory: fx.env.workspace }, input: "" },
    ];
    for (const { options, input } of cases) {
      const ours = await fx
        .compat()
        .startThread(options)
        .run(input)
        .catch((error: Error) => error);
      const theirs = await fx
        .exec()
        .startThread(options)
        .run(input)
        .catch((error: Error) => error);
      const lastLine = (error: unknown) =>
        String((error as Error).message)
          .trim()
          .split("\n")
          .at(-1);
      expect(lastLine(ours)).toBe(lastLine(theirs));
      expect(String((ours as Error).message)).toMatch(/^Codex Exec exited with code 1: /);
      expect(String((theirs as Error).message)).toMatch(/^Codex Exec exited with code 1: /);
    }
  });
});
