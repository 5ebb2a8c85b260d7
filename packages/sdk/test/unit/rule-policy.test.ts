import { describe, expect, it } from "vitest";
import { InvalidOptionError, rulePolicy, type ServerRequestContext } from "../../src/index.js";

const ctx = {
  requestId: 0,
  threadId: "t",
  turnId: "u",
  item: undefined,
  signal: new AbortController().signal,
} as unknown as ServerRequestContext<never>;
const base = { threadId: "t", turnId: "u", itemId: "i", startedAtMs: 0 };

describe("rulePolicy covers every request kind", () => {
  it("permissions: accept grants what was asked for the turn, acceptForSession for the session, decline grants nothing", async () => {
    const policy = rulePolicy([
      { network: true, decision: "decline" },
      { kind: "permissions", cwd: "/work", decision: "acceptForSession" },
    ]);
    const handle = policy["item/permissions/requestApproval"]!;
    const fs = { read: ["/data"], write: null };
    expect(
      await handle({ ...base, cwd: "/work/app", permissions: { network: { enabled: true } } } as never, ctx),
    ).toEqual({ permissions: {}, scope: "turn" });
    expect(
      await handle({ ...base, cwd: "/work/app", permissions: { fileSystem: fs } } as never, ctx),
    ).toEqual({
      permissions: { fileSystem: fs, network: null },
      scope: "session",
    });
    expect(
      await handle({ ...base, cwd: "/elsewhere", permissions: { fileSystem: fs } } as never, ctx),
    ).toBeUndefined();
  });

  it("MCP elicitations by server name and message", async () => {
    const policy = rulePolicy([
      { server: "docs", decision: "accept" },
      { server: /^deploy/, message: /production/, decision: "cancel" },
    ]);
    const handle = policy["mcpServer/elicitation/request"]!;
    const req = (serverName: string, message: string) =>
      ({ threadId: "t", turnId: null, serverName, mode: "form", message, requestedSchema: {} }) as never;
    expect(await handle(req("docs", "Allow?"), ctx)).toEqual({ action: "accept", content: null });
    expect(await handle(req("deploy-bot", "push to production?"), ctx)).toEqual({
      action: "cancel",
      content: null,
    });
    expect(await handle(req("deploy-bot", "push to staging?"), ctx)).toBeUndefined();
  });

  it("user input: accept answers with the rule's answers, decline answers nothing", async () => {
    const policy = rulePolicy([
      { question: /which database/i, answers: { db: ["postgres"] }, decision: "accept" },
      { kind: "userInput", decision: "decline" },
    ]);
    const handle = policy["item/tool/requestUserInput"]!;
    const ask = (question: string) =>
      ({ ...base, isBlocking: true, questions: [{ id: "db", header: "DB", question }] }) as never;
    expect(await handle(ask("Which database?"), ctx)).toEqual({ answers: { db: { answers: ["postgres"] } } });
    expect(await handle(ask("Anything else?"), ctx)).toEqual({ answers: {} });
  });

  it("dynamic tool calls can be refused by name (the model is told why)", async () => {
    const policy = rulePolicy([{ tool: /^delete_/, decision: "decline" }]);
    const handle = policy["item/tool/call"]!;
    const call = (tool: string) =>
      ({ threadId: "t", turnId: "u", callId: "c", tool, arguments: {} }) as never;
    expect(await handle(call("delete_user"), ctx)).toMatchObject({ success: false });
    expect(await handle(call("get_user"), ctx)).toBeUndefined();
  });

  it("kind any and otherwise reach every approval kind, not user input or tool calls", async () => {
    const policy = rulePolicy([], { otherwise: "decline" });
    expect(
      await policy["item/commandExecution/requestApproval"]!({ ...base, command: "ls" } as never, ctx),
    ).toEqual({
      decision: "decline",
    });
    expect(
      await policy["mcpServer/elicitation/request"]!(
        { threadId: "t", serverName: "s", mode: "url", message: "m", url: "u", elicitationId: "e" } as never,
        ctx,
      ),
    ).toEqual({ action: "decline", content: null });
    expect(
      await policy["item/permissions/requestApproval"]!({ ...base, cwd: "/", permissions: {} } as never, ctx),
    ).toEqual({
      permissions: {},
      scope: "turn",
    });
    expect(
      await policy["item/tool/call"]!(
        { threadId: "t", turnId: "u", callId: "c", tool: "x", arguments: {} } as never,
        ctx,
      ),
    ).toBeUndefined();
  });

  it("legacy execCommandApproval / applyPatchApproval follow the command and file rules", async () => {
    const policy = rulePolicy([
      { command: /^git status$/, decision: "accept" },
      { paths: ["/work"], decision: "acceptForSession" },
    ]);
    expect(
      await policy.execCommandApproval!(
        { conversationId: "t", callId: "c", command: ["git", "status"], cwd: "/w", parsedCmd: [] } as never,
        ctx,
      ),
    ).toEqual({ decision: "approved" });
    expect(
      await policy.applyPatchApproval!(
        { conversationId: "t", callId: "c", fileChanges: { "/work/a.ts": {} } } as never,
        ctx,
      ),
    ).toEqual({ decision: "approved_for_session" });
  });
});

describe("rulePolicy rejects rules it cannot apply, at construction", () => {
  it.each([
    [{ comand: /ls/, decision: "accept" }, /unknown key "comand"/],
    [{ command: /ls/, decision: "allow" }, /unknown decision "allow"/],
    [{ kind: "shell", decision: "accept" }, /unknown kind "shell"/],
    [{ kind: "command", paths: ["/x"], decision: "accept" }, /"paths" does not apply to command/],
    [{ kind: "userInput", decision: "accept" }, /needs `answers`/],
    [{ tool: "x", decision: "accept" }, /cannot run a tool/],
  ])("%o", (rule, message) => {
    expect(() => rulePolicy([rule as never])).toThrow(InvalidOptionError);
    expect(() => rulePolicy([rule as never])).toThrow(message);
  });

  it("an unknown option or otherwise decision", () => {
    expect(() => rulePolicy([], { otherwize: "decline" } as never)).toThrow(InvalidOptionError);
    expect(() => rulePolicy([], { otherwise: "yes" as never })).toThrow(/otherwise/);
  });
});
