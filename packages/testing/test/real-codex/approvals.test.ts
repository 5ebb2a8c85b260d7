import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodexTestEnv, functionCallOutputs, reply, startCodexTestEnv } from "../../src/index.js";
import { itemOf, JsonlChild, threadIdOf } from "../support/jsonl-child.js";

// Approval flows through the real binary: exec_command and apply_patch (exec_command heredoc) replies.
describe("approvals through the real codex app-server", () => {
  let env: CodexTestEnv;
  let codex: JsonlChild;
  let threadId: string;

  beforeAll(async () => {
    env = await startCodexTestEnv();
    codex = new JsonlChild(env.appServerCommand());
    await codex.request("initialize", { clientInfo: { name: "approvals_test", version: "0.0.1" } });
    codex.write({ method: "initialized" });
    const started = await codex.request("thread/start", {
      cwd: env.workspace,
      // Only per thread: codex 0.169.0 refuses approval_policy = "untrusted" in config.toml.
      approvalPolicy: "untrusted",
      sandbox: "workspace-write",
    });
    threadId = threadIdOf(started);
  }, 30_000);

  afterAll(async () => {
    await codex?.close();
    await env?.close();
  }, 30_000);

  it("asks to approve an exec_command, runs it on accept and reports its output", async () => {
    env.mock.enqueue(
      reply.execCommand("echo hi-from-shell > probe_out.txt && cat probe_out.txt", { callId: "call_sh_1" }),
      reply.message("ran it"),
    );
    const from = codex.messages.length;
    await codex.request("turn/start", { threadId, input: [{ type: "text", text: "run the probe" }] });

    const approval = await codex.waitFor((m) => m.method === "item/commandExecution/requestApproval", {
      from,
    });
    expect(approval.id).toBeTypeOf("number");
    expect(approval.params).toMatchObject({ threadId, itemId: "call_sh_1", cwd: env.workspace });
    expect(approval.params?.command).toContain("echo hi-from-shell > probe_out.txt");
    codex.write({ id: approval.id!, result: { decision: "accept" } });

    const resolved = await codex.notification("serverRequest/resolved", { from });
    expect(resolved.params).toMatchObject({ threadId, requestId: approval.id });
    const done = await codex.waitFor(
      (m) => m.method === "item/completed" && itemOf(m)?.type === "commandExecution",
      { from },
    );
    expect(itemOf(done)).toMatchObject({ id: "call_sh_1", status: "completed", exitCode: 0 });
    expect(itemOf(done)?.aggregatedOutput).toContain("hi-from-shell");
    const completed = await codex.notification("turn/completed", { from });
    expect(completed.params?.turn).toMatchObject({ status: "completed" });

    expect(await readFile(join(env.workspace, "probe_out.txt"), "utf8")).toBe("hi-from-shell\n");
    // The follow-up request carried the command's output back to the model.
    const followUp = env.mock.requests.at(-1)!;
    const [output] = functionCallOutputs(followUp);
    expect(output?.callId).toBe("call_sh_1");
    expect(output?.output).toContain("hi-from-shell");
  }, 60_000);

  it("turns an applyPatch reply into a fileChange approval that writes the file", async () => {
    env.mock.enqueue(
      reply.applyPatch(
        { add: { path: "patched.txt", content: "hello from patch\n" } },
        { callId: "call_ap_1" },
      ),
      reply.message("patched"),
    );
    const from = codex.messages.length;
    await codex.request("turn/start", { threadId, input: [{ type: "text", text: "patch it" }] });

    const started = await codex.waitFor(
      (m) => m.method === "item/started" && itemOf(m)?.type === "fileChange",
      { from },
    );
    expect(itemOf(started)?.changes).toEqual([
      { path: join(env.workspace, "patched.txt"), kind: { type: "add" }, diff: "hello from patch\n" },
    ]);
    const approval = await codex.waitFor((m) => m.method === "item/fileChange/requestApproval", { from });
    expect(approval.params).toMatchObject({ threadId, itemId: "call_ap_1" });
    codex.write({ id: approval.id!, result: { decision: "accept" } });

    const done = await codex.waitFor(
      (m) => m.method === "item/completed" && itemOf(m)?.type === "fileChange",
      { from },
    );
    expect(itemOf(done)?.status).toBe("completed");
    await codex.notification("turn/completed", { from });
    expect(await readFile(join(env.workspace, "patched.txt"), "utf8")).toBe("hello from patch\n");
    const output = functionCallOutputs(env.mock.requests.at(-1)!).find((o) => o.callId === "call_ap_1");
    expect(output?.output).toContain("A patched.txt");
  }, 60_000);
  it("asks under on-request only for an escalated command, with its justification; decline skips it", async () => {
    const onRequest = threadIdOf(
      await codex.request("thread/start", {
        cwd: env.workspace,
        approvalPolicy: "on-request",
        sandbox: "workspace-write",
      }),
    );
    env.mock.enqueue(
      reply.execCommand("echo escalated > escalated.txt", {
        callId: "call_esc_1",
        sandboxPermissions: "require_escalated",
        justification: "Need to write outside the sandbox",
      }),
      reply.message("ok, skipped"),
    );
    const from = codex.messages.length;
    await codex.request("turn/start", { threadId: onRequest, input: [{ type: "text", text: "escalate" }] });
    const approval = await codex.waitFor((m) => m.method === "item/commandExecution/requestApproval", {
      from,
    });
    expect(approval.params).toMatchObject({
      itemId: "call_esc_1",
      reason: "Need to write outside the sandbox",
    });
    codex.write({ id: approval.id!, result: { decision: "decline" } });

    const done = await codex.waitFor(
      (m) => m.method === "item/completed" && itemOf(m)?.type === "commandExecution",
      { from },
    );
    expect(itemOf(done)?.status).toBe("declined");
    const completed = await codex.notification("turn/completed", { from });
    expect(completed.params?.turn).toMatchObject({ status: "completed" });
    expect(existsSync(join(env.workspace, "escalated.txt"))).toBe(false);
  }, 60_000);
});
