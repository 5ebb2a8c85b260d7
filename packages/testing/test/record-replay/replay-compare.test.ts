import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { firstDifference } from "../../src/record-replay/replay-compare.js";

describe("firstDifference (replay by meaning)", () => {
  it("ignores key order, ids, timestamps and the names of temp folders", () => {
    expect(
      firstDifference(
        { b: 1, a: { threadId: "t-1", createdAt: 5, cwd: join(tmpdir(), "codex-workspace-abc", "src") } },
        { a: { cwd: join(tmpdir(), "codex-workspace-xyz", "src"), createdAt: 9, threadId: "t-2" }, b: 1 },
      ),
    ).toBeUndefined();
    expect(firstDifference({ a: undefined }, {})).toBeUndefined();
  });

  it("reports the first difference with its path and both values", () => {
    expect(firstDifference({ input: [{ text: "hi" }] }, { input: [{ text: "ho" }] })).toEqual({
      path: "/input/0/text",
      recorded: "hi",
      sent: "ho",
    });
    expect(firstDifference({ a: [1, 2] }, { a: [1] })).toEqual({
      path: "/a/1",
      recorded: 2,
      sent: undefined,
    });
    expect(firstDifference({ model: "a" }, { model: "a", effort: "high" })).toEqual({
      path: "/effort",
      recorded: undefined,
      sent: "high",
    });
    // Outside a temp folder a path is compared as it is; inside one, what follows the folder still counts.
    expect(firstDifference("/home/me/a", "/home/me/b")).toMatchObject({ path: "" });
    expect(firstDifference(join(tmpdir(), "x", "a.txt"), join(tmpdir(), "y", "b.txt"))).toBeDefined();
  });
});
