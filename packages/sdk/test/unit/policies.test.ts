import { describe, expect, it } from "vitest";
import type { ThreadItem } from "../../src/index.js";
import { rulePolicy, type ServerRequestContext } from "../../src/index.js";

const commandParams = (command: string, cwd: string) =>
  ({ threadId: "t", turnId: "u", itemId: "i", startedAtMs: 0, command, cwd }) as never;

function context(item?: ThreadItem): ServerRequestContext<never> {
  return {
    method: "item/fileChange/requestApproval" as never,
    requestId: 0,
    threadId: "t",
    turnId: "u",
    item,
    signal: new AbortController().signal,
  };
}

const fileChange = (paths: string[]): ThreadItem =>
  ({
    type: "fileChange",
    id: "i",
    status: "inProgress",
    changes: paths.map((path) => ({ path, kind: { type: "add" }, diff: "" })),
  }) as unknown as ThreadItem;

describe("rulePolicy", () => {
  const policy = rulePolicy([
    { command: /\brm\b/, decision: "decline" },
    { command: /^\/bin\/bash -lc '?(ls|cat|echo)\b/, cwd: "/work", decision: "accept" },
    { paths: ["/work/src"], decision: "accept" },
    { paths: /\.env$/, decision: "cancel" },
  ]);
  const command = policy["item/commandExecution/requestApproval"]!;
  const file = policy["item/fileChange/requestApproval"]!;

  it("decides commands by regex and cwd prefix, first match wins", async () => {
    expect(await command(commandParams("/bin/bash -lc 'rm -rf x'", "/work"), context())).toEqual({
      decision: "decline",
    });
    expect(await command(commandParams("/bin/bash -lc 'ls'", "/work/app"), context())).toEqual({
      decision: "accept",
    });
    // Same command outside the cwd prefix (and not a path-segment match): no rule, pass it on.
    expect(await command(commandParams("/bin/bash -lc 'ls'", "/workspace"), context())).toBeUndefined();
  });

  it("decides file changes by the paths of the change item", async () => {
    const params = { threadId: "t", turnId: "u", itemId: "i", startedAtMs: 0 } as never;
    expect(await file(params, context(fileChange(["/work/src/a.ts", "/work/src/b/c.ts"])))).toEqual({
      decision: "accept",
    });
    expect(await file(params, context(fileChange(["/work/src/a.ts", "/work/other.ts"])))).toBeUndefined();
    expect(await file(params, context(fileChange(["/work/.env"])))).toEqual({ decision: "cancel" });
    // Unknown paths never match a path rule.
    expect(await file(params, context())).toBeUndefined();
  });

  it("uses `otherwise` when no rule matches", async () => {
    const strict = rulePolicy([{ command: /^git status$/, decision: "accept" }], { otherwise: "decline" });
    expect(
      await strict["item/commandExecution/requestApproval"]!(commandParams("make", "/"), context()),
    ).toEqual({
      decision: "decline",
    });
  });
});
