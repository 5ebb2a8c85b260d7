import { existsSync } from "node:fs";
import { join } from "node:path";
import { Codex as AppServerCodex } from "@codex/app-server-sdk";
import { functionCallOutputs, reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { type ApprovalRequest, closeCodex } from "../src/index.js";
import { useCompatEnv } from "./support/compat-env.js";

const fx = useCompatEnv();

describe("without extensions, approvals behave as in codex exec", () => {
  it("the approval policy is 'never' whatever approvalPolicy says: escalations are refused, nobody is asked", async () => {
    fx.env.mock.enqueue(
      reply.execCommand("echo hi", { sandboxPermissions: "require_escalated", justification: "need it" }),
      reply.message("done"),
    );
    const before = fx.env.mock.requests.length;
    const result = await fx
      .compat()
      .startThread({ workingDirectory: fx.env.workspace, approvalPolicy: "on-request" })
      .run("go");
    expect(result.finalResponse).toBe("done");
    const followUp = fx.env.mock.requests[before + 1];
    expect(followUp && functionCallOutputs(followUp)[0]?.output).toContain("approval policy is Never");
  });
});

describe("extension: approvalHandler", () => {
  it("honours approvalPolicy and asks the handler; true runs the command, false declines it", async () => {
    const asked: ApprovalRequest[] = [];
    const codex = fx.compat({
      approvalHandler: (request) => {
        asked.push(request);
        return request.kind === "command_execution" && request.command.includes("approved.txt");
      },
    });
    const thread = codex.startThread({
      workingDirectory: fx.env.workspace,
      approvalPolicy: "untrusted",
      sandboxMode: "workspace-write",
    });
    fx.env.mock.enqueue(reply.execCommand("echo ok > approved.txt"), reply.message("one"));
    await thread.run("approve");
    fx.env.mock.enqueue(reply.execCommand("echo no > declined.txt"), reply.message("two"));
    const declined = await thread.run("decline");
    expect(asked.map((request) => request.kind)).toEqual(["command_execution", "command_execution"]);
    expect(asked[0]).toMatchObject({ thread_id: thread.id, cwd: fx.env.workspace });
    expect(existsSync(join(fx.env.workspace, "approved.txt"))).toBe(true);
    expect(existsSync(join(fx.env.workspace, "declined.txt"))).toBe(false);
    const command = declined.items.find((item) => item.type === "command_execution");
    expect(command).toMatchObject({ status: "failed" });
  });
});

describe("extension: appServer", () => {
  it("runs turns on a shared @codex/app-server-sdk client and leaves it open", async () => {
    const client = new AppServerCodex({
      codexPath: fx.env.codexPath,
      env: fx.env.env,
      cwd: fx.env.workspace,
      clientInfo: { name: "compat_tests", version: "0.0.0" },
    });
    try {
      const codex = fx.compat({ appServer: client });
      fx.env.mock.enqueue(reply.message("shared"));
      const thread = codex.startThread({ workingDirectory: fx.env.workspace });
      expect((await thread.run("hi")).finalResponse).toBe("shared");
      await closeCodex(codex);
      // Still usable: the compat Codex did not close the client it was given.
      const info = await client.request("thread/read", {
        threadId: thread.id as string,
        includeTurns: false,
      });
      expect(info.thread.id).toBe(thread.id);
    } finally {
      await client.close();
    }
  });
});
