import { tracingChannel } from "node:diagnostics_channel";
import { existsSync } from "node:fs";
import {
  forThread,
  type RecordedRequest,
  reply,
  type ScriptedReply,
  withUserText,
} from "@codex/app-server-testing";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  type DecisionEvent,
  declineAll,
  InvalidOptionError,
  llmJudgePolicy,
  type ThreadOptions,
} from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 60_000;
const fx = useFixture(T, { config: { features: { shell_snapshot: false } } });

/** The judge thread's model requests carry this text (the SDK's prompt to the judge). */
const JUDGE_PROMPT = "Judge this action (approval request)";
const isJudge = withUserText(JUDGE_PROMPT);
const RUBRIC =
  "Approve read-only commands such as echo or ls. Decline anything that deletes or writes files.";

/** A thread that asks before every command, judged by an LLM judge on the same client. */
async function judgedThread(extra: Partial<Parameters<typeof llmJudgePolicy>[0]> = {}) {
  const judgeStarts: ThreadOptions[] = [];
  const thread = await fx.codex.startThread({
    cwd: fx.env.workspace,
    approvalPolicy: "untrusted",
    sandbox: "workspace-write",
    serverRequests: llmJudgePolicy({
      startThread: (options) => {
        judgeStarts.push(options);
        return fx.codex.startThread(options);
      },
      rubric: RUBRIC,
      timeoutMs: 20_000,
      ...extra,
    }),
  });
  return { thread, judgeStarts };
}

async function runJudged(cmd: string, judgeReply: ScriptedReply, extra = {}) {
  fx.env.mock.enqueue(reply.execCommand(cmd), reply.message("done"));
  fx.env.mock.enqueueFor(isJudge, judgeReply);
  const { thread, judgeStarts } = await judgedThread(extra);
  const turn = thread.turn("do it");
  const decisions: DecisionEvent[] = [];
  turn.on("sdk/serverRequestDecision", (event) => decisions.push(event.params));
  const result = await turn.result();
  const command = result.items.find((item) => item.type === "commandExecution");
  return { result, decisions, command, judgeStarts };
}

describe("llmJudgePolicy (real binary, the judge is a second thread on the mock model)", () => {
  it("the judge approves: the command runs; the audit has source llmJudge and the judge's reason", {
    timeout: T,
  }, async () => {
    const { decisions, command, judgeStarts } = await runJudged(
      "echo judged-ok",
      reply.message(JSON.stringify({ decision: "approve", reason: "echo only prints" })),
    );
    expect(decisions).toEqual([
      expect.objectContaining({
        method: "item/commandExecution/requestApproval",
        source: "llmJudge",
        reason: "echo only prints",
        result: { decision: "accept" },
      }),
    ]);
    expect(command, JSON.stringify(command)).toMatchObject({
      type: "commandExecution",
      status: "completed",
      exitCode: 0,
    });
    // The judge ran on an ephemeral, read-only thread that never asks, with the rubric as instructions.
    expect(judgeStarts).toEqual([
      expect.objectContaining({
        ephemeral: true,
        sandbox: "read-only",
        approvalMode: "denyAll",
        serverRequests: [declineAll, expect.any(Object)],
      }),
    ]);
    const judgeRequest = fx.env.mock.requests.find(isJudge) as RecordedRequest;
    expect(JSON.stringify(judgeRequest.body)).toContain("Decline anything that deletes");
    expect(JSON.stringify(judgeRequest.body?.input)).toContain("echo judged-ok");
    // Structured output: codex sent the verdict schema to the judge's model.
    expect(JSON.stringify(judgeRequest.body?.text)).toContain('"approve","decline"');
  });

  it(
    "the judge declines: the command does not run",
    async () => {
      const marker = `${fx.env.workspace}/judged-delete`;
      const { decisions, command } = await runJudged(
        `touch ${marker}`,
        reply.message(JSON.stringify({ decision: "decline", reason: "writes a file" })),
      );
      expect(decisions).toEqual([
        expect.objectContaining({
          source: "llmJudge",
          reason: "writes a file",
          result: { decision: "decline" },
        }),
      ]);
      expect(command).toMatchObject({ status: "declined" });
      expect(existsSync(marker)).toBe(false);
    },
    T,
  );

  it(
    "the judge's model hangs: the timeout fires and the request gets the fail-closed answer",
    async () => {
      const { decisions, command, result } = await runJudged("echo never-judged", reply.hang(), {
        timeoutMs: 1_500,
      });
      expect(decisions).toEqual([
        expect.objectContaining({
          source: "llmJudge",
          result: { decision: "decline" },
          reason: expect.stringMatching(/timed out after 1500 ms.*fail-closed/),
        }),
      ]);
      expect(command).toMatchObject({ status: "declined" });
      expect(result.status).toBe("completed");
    },
    T,
  );

  it(
    "the judge replies with garbage: fail-closed, with the parse failure as the reason",
    async () => {
      const { decisions, command } = await runJudged(
        "echo garbage",
        reply.message("sure, looks fine to me"),
        {
          fallback: "cancel",
        },
      );
      expect(decisions).toEqual([
        expect.objectContaining({
          source: "llmJudge",
          result: { decision: "cancel" },
          reason: expect.stringMatching(/StructuredOutputError.*not valid JSON/),
        }),
      ]);
      expect(command?.type === "commandExecution" && command.status).not.toBe("completed");
    },
    T,
  );

  it("bad options are a typed error at construction", () => {
    expect(() => llmJudgePolicy({ codex: fx.codex, rubric: " " })).toThrow(/non-empty rubric/);
    expect(() => llmJudgePolicy({ codex: fx.codex, rubric: "x", timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(() =>
      llmJudgePolicy({ codex: fx.codex, rubric: "x", methods: ["item/tool/call" as never] }),
    ).toThrow(/cannot judge item\/tool\/call/);
    // Neither a client nor a thread starter (a JS caller, or a cast): refused now, not on every request.
    expect(() => llmJudgePolicy({ rubric: "x" } as never)).toThrow(InvalidOptionError);
    expect(() => llmJudgePolicy({ rubric: "x" } as never)).toThrow(/needs `codex`.*or `startThread`/);
    expect(() => llmJudgePolicy({ rubric: "x", codex: {} } as never)).toThrow(/needs `codex`/);
    expect(() => llmJudgePolicy({ rubric: "x", startThread: "no" } as never)).toThrow(
      /startThread must be a function/,
    );
  });
});

describe("llmJudgePolicy on the judged thread's own client", () => {
  it(
    "each judge thread is unsubscribed once it answered",
    async () => {
      fx.env.mock.enqueueFor(isJudge, reply.message(JSON.stringify({ decision: "approve", reason: "fine" })));
      const unsubscribed: string[] = [];
      const requests = tracingChannel<unknown, { method: string; params: unknown }>(
        "codex:app-server:request",
      );
      const onStart = (message: { method: string; params: unknown }): void => {
        if (message.method === "thread/unsubscribe")
          unsubscribed.push((message.params as { threadId: string }).threadId);
      };
      requests.start.subscribe(onStart as (message: unknown) => void);
      onTestFinished(() => requests.start.unsubscribe(onStart as (message: unknown) => void));
      const started: string[] = [];
      using _started = fx.codex.onNotification("thread/started", (params) => started.push(params.thread.id));
      const thread = await fx.codex.startThread({
        cwd: fx.env.workspace,
        approvalPolicy: "untrusted",
        serverRequests: llmJudgePolicy({ codex: fx.codex, rubric: RUBRIC }),
      });
      // Routed by thread: an earlier test's cancelled turn may have left a reply in the main queue.
      fx.env.mock.enqueueFor(
        forThread(thread.id),
        reply.execCommand("echo unload-check"),
        reply.message("done"),
      );
      const decisions: DecisionEvent[] = [];
      using _decisions = fx.codex.onDecision((event) => decisions.push(event));
      await thread.run("go");
      expect(decisions.map((event) => event.reason)).toEqual(["fine"]);
      const judgeIds = started.filter((id) => id !== thread.id);
      expect(judgeIds).toHaveLength(1);
      // Unsubscribed once it answered (codex unloads a thread nobody is subscribed to, after its delay).
      await expect.poll(() => unsubscribed).toContain(judgeIds[0]);
      expect(unsubscribed).not.toContain(thread.id);
    },
    T,
  );
});
