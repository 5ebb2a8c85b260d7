import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { functionCallOutputs, reply } from "@codex/app-server-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type DecisionEvent,
  dangerouslyApproveAll,
  declineAll,
  renderTurn,
  rulePolicy,
  type ServerRequestParams,
  type ThreadOptions,
} from "../src/index.js";
import { type CodexFixture, startFixture } from "./support/codex-fixture.js";

const T = 40_000;
let fx: CodexFixture;
const decisions: DecisionEvent[] = [];

beforeAll(async () => {
  fx = await startFixture();
  fx.codex.onDecision((event) => decisions.push(event));
}, T);
afterAll(async () => {
  await fx?.close();
}, T);

/** A thread that asks before every command (untrusted) and may write its workspace. */
const guarded = (extra: ThreadOptions = {}): ThreadOptions => ({
  cwd: fx.env.workspace,
  approvalPolicy: "untrusted",
  sandbox: "workspace-write",
  ...extra,
});

function scriptCommand(cmd: string, followUp = "done") {
  fx.env.mock.enqueue(reply.execCommand(cmd), reply.message(followUp));
}

describe("command approvals", () => {
  it(
    "accept: the command runs, its output streams, and the decision is audited",
    async () => {
      scriptCommand("echo approved-run");
      const seen: ServerRequestParams<"item/commandExecution/requestApproval">[] = [];
      const thread = await fx.codex.startThread(
        guarded({
          serverRequests: {
            "item/commandExecution/requestApproval": (params) => {
              seen.push(params);
              return { decision: "accept" };
            },
          },
        }),
      );
      const turn = thread.turn("run it");
      const output: string[] = [];
      const decisionEvents: DecisionEvent[] = [];
      turn.on("sdk/serverRequestDecision", (event) => decisionEvents.push(event.params));
      for await (const chunk of turn.commandOutputStream) output.push(chunk.delta);
      const result = await turn.result();
      expect(seen).toHaveLength(1);
      expect(seen[0]?.command).toContain("echo approved-run");
      expect(seen[0]?.cwd).toBe(fx.env.workspace);
      expect(output.join("")).toContain("approved-run");
      const command = result.items.find((item) => item.type === "commandExecution");
      expect(command).toMatchObject({ type: "commandExecution", status: "completed", exitCode: 0 });
      expect(decisionEvents).toEqual([
        expect.objectContaining({
          method: "item/commandExecution/requestApproval",
          source: "thread",
          result: { decision: "accept" },
          threadId: thread.id,
          turnId: result.turn.id,
        }),
      ]);
      expect(decisions.at(-1)).toEqual(decisionEvents[0]);
      const outputs = functionCallOutputs(fx.env.mock.requests.at(-1)!);
      expect(outputs[0]?.output).toContain("approved-run");
    },
    T,
  );

  it(
    "renderTurn shows the command, the approval decision, the output and the exit code",
    async () => {
      scriptCommand("echo rendered-output", "finished");
      const thread = await fx.codex.startThread(guarded({ serverRequests: dangerouslyApproveAll }));
      const out: string[] = [];
      const result = await renderTurn(thread.turn("run"), { write: (text: string) => out.push(text) });
      const transcript = out.join("");
      expect(result.status).toBe("completed");
      expect(transcript).toMatch(/\$ \/bin\/bash -lc .*echo rendered-output/);
      expect(transcript).toContain("↳ item/commandExecution/requestApproval: accept (thread)");
      expect(transcript).toMatch(/rendered-output\n/);
      expect(transcript).toMatch(/✓ exit 0/);
      expect(transcript).toContain("finished\n");
      expect(transcript).toMatch(/✓ turn completed/);
    },
    T,
  );

  it(
    "decline: the command is not run and the turn continues",
    async () => {
      scriptCommand("echo should-not-run > declined.txt", "understood");
      const thread = await fx.codex.startThread(
        guarded({
          serverRequests: { "item/commandExecution/requestApproval": () => ({ decision: "decline" }) },
        }),
      );
      const result = await thread.run("try it");
      expect(result.status).toBe("completed");
      expect(result.finalResponse).toBe("understood");
      expect(result.items.find((item) => item.type === "commandExecution")).toMatchObject({
        status: "declined",
      });
      await expect(readFile(join(fx.env.workspace, "declined.txt"), "utf8")).rejects.toThrow(/ENOENT/);
    },
    T,
  );

  it(
    "cancel: the command is not run and the turn is interrupted",
    async () => {
      fx.env.mock.enqueue(reply.execCommand("echo cancelled"));
      const thread = await fx.codex.startThread(
        guarded({
          serverRequests: { "item/commandExecution/requestApproval": () => ({ decision: "cancel" }) },
        }),
      );
      const requestsBefore = fx.env.mock.requests.length;
      const result = await thread.run("try it");
      expect(result.status).toBe("interrupted");
      expect(result.items.find((item) => item.type === "commandExecution")).toMatchObject({
        status: "declined",
      });
      expect(fx.env.mock.requests.length).toBe(requestsBefore + 1); // no follow-up model call
    },
    T,
  );

  it(
    "fails closed: with no handler anywhere the command is declined, never left unanswered",
    async () => {
      scriptCommand("echo nobody-asked > nobody.txt", "ok");
      const thread = await fx.codex.startThread(guarded());
      const turn = thread.turn("try it");
      const result = await turn.result();
      expect(result.items.find((item) => item.type === "commandExecution")).toMatchObject({
        status: "declined",
      });
      const decision = decisions.find((event) => event.turnId === result.turn.id);
      expect(decision).toMatchObject({ source: "default", result: { decision: "decline" } });
      await expect(readFile(join(fx.env.workspace, "nobody.txt"), "utf8")).rejects.toThrow(/ENOENT/);
    },
    T,
  );

  it(
    "a per-request timeout answers with the fail-closed default and aborts the handler's signal",
    async () => {
      scriptCommand("echo too-slow", "ok");
      let handlerSignal: AbortSignal | undefined;
      const thread = await fx.codex.startThread(guarded());
      const result = await thread.run("try it", {
        serverRequestTimeoutMs: 300,
        serverRequests: {
          "item/commandExecution/requestApproval": (_params, context) => {
            handlerSignal = context.signal;
            return new Promise(() => {}); // a human who never answers
          },
        },
      });
      expect(result.items.find((item) => item.type === "commandExecution")).toMatchObject({
        status: "declined",
      });
      expect(handlerSignal?.aborted).toBe(true);
      expect(decisions.find((event) => event.turnId === result.turn.id)).toMatchObject({ source: "timeout" });
    },
    T,
  );

  it(
    "a handler may take longer than the request timeout: no watchdog kills the turn",
    async () => {
      const patient = fx.newClient({ requestTimeoutMs: 2_000 });
      scriptCommand("echo human-approved", "all done");
      const thread = await patient.startThread(
        guarded({
          serverRequests: {
            "item/commandExecution/requestApproval": async () => {
              await new Promise((resolve) => setTimeout(resolve, 3_500));
              return { decision: "accept" };
            },
          },
        }),
      );
      const result = await thread.run("wait for me");
      expect(result.status).toBe("completed");
      expect(result.finalResponse).toBe("all done");
      expect(result.items.find((item) => item.type === "commandExecution")).toMatchObject({
        status: "completed",
      });
      await patient.close();
    },
    T,
  );

  it(
    "handlers are tried turn -> thread -> client; undefined passes the request on",
    async () => {
      const calls: string[] = [];
      const scoped = fx.newClient({
        serverRequests: [
          {
            "item/commandExecution/requestApproval": () => {
              calls.push("client");
              return undefined;
            },
          },
          declineAll,
        ],
      });
      const scopedDecisions: DecisionEvent[] = [];
      scoped.onDecision((event) => scopedDecisions.push(event));
      scriptCommand("echo scoped", "ok");
      scriptCommand("echo scoped-again", "ok");
      const thread = await scoped.startThread(
        guarded({ serverRequests: rulePolicy([{ command: /scoped-again/, decision: "accept" }]) }),
      );
      const first = await thread.run("one", {
        serverRequests: {
          "item/commandExecution/requestApproval": () => {
            calls.push("turn");
            return undefined;
          },
        },
      });
      const second = await thread.run("two");
      expect(calls).toEqual(["turn", "client"]);
      expect(scopedDecisions.map((event) => [event.source, event.result])).toEqual([
        ["client", { decision: "decline" }],
        ["thread", { decision: "accept" }],
      ]);
      expect(first.items.find((item) => item.type === "commandExecution")).toMatchObject({
        status: "declined",
      });
      expect(second.items.find((item) => item.type === "commandExecution")).toMatchObject({
        status: "completed",
      });
      await scoped.close();
    },
    T,
  );
});

describe("file-change approvals", () => {
  it(
    "dangerouslyApproveAll applies the patch; file changes and the diff stream",
    async () => {
      fx.env.mock.enqueue(
        reply.applyPatch({ add: { path: "patched.txt", content: "hello from patch\n" } }),
        reply.message("patched"),
      );
      const thread = await fx.codex.startThread(guarded({ serverRequests: dangerouslyApproveAll }));
      const turn = thread.turn("patch it");
      const changes: string[] = [];
      const diffs: string[] = [];
      await Promise.all([
        (async () => {
          for await (const item of turn.fileChangeStream)
            changes.push(`${item.status}:${item.changes[0]?.path}`);
        })(),
        (async () => {
          for await (const diff of turn.diffStream) diffs.push(diff);
        })(),
      ]);
      const result = await turn.result();
      const path = join(fx.env.workspace, "patched.txt");
      expect(await readFile(path, "utf8")).toBe("hello from patch\n");
      expect(changes).toEqual([`inProgress:${path}`, `completed:${path}`]);
      expect(diffs.at(-1)).toContain("+hello from patch");
      expect(result.diff).toContain("patched.txt");
      expect(decisions.find((event) => event.turnId === result.turn.id)).toMatchObject({
        method: "item/fileChange/requestApproval",
        result: { decision: "accept" },
      });
    },
    T,
  );

  it(
    "rulePolicy decides file changes by path, using the change item the turn saw",
    async () => {
      const allowed = join(fx.env.workspace, "src");
      fx.env.mock.enqueue(
        reply.applyPatch({ add: { path: "src/ok.txt", content: "ok\n" } }),
        reply.applyPatch({ add: { path: "secrets.env", content: "nope\n" } }),
        reply.message("tried both"),
      );
      const thread = await fx.codex.startThread(
        guarded({
          serverRequests: rulePolicy([{ paths: [allowed], decision: "accept" }], { otherwise: "decline" }),
        }),
      );
      const result = await thread.run("write files");
      const statuses = result.items.flatMap((item) =>
        item.type === "fileChange" ? [[item.changes[0]?.path, item.status]] : [],
      );
      expect(statuses).toEqual([
        [join(allowed, "ok.txt"), "completed"],
        [join(fx.env.workspace, "secrets.env"), "declined"],
      ]);
      expect(await readFile(join(allowed, "ok.txt"), "utf8")).toBe("ok\n");
      await expect(readFile(join(fx.env.workspace, "secrets.env"), "utf8")).rejects.toThrow(/ENOENT/);
    },
    T,
  );
});
