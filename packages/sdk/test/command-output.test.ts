import { fakeAppServerCommand, reply } from "@codex/app-server-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Codex, type CommandOutputChunk, renderTurn, rulePolicy, type TurnHandle } from "../src/index.js";
import { type CodexFixture, startFixture } from "./support/codex-fixture.js";
import { FAKE_THREAD_ID, FAKE_TURN_ID, fakeThreadStart, fakeTurn } from "./support/fake-thread.js";

const T = 30_000;

/** Renders the turn and reads its commandOutputStream side by side; counts the outputDelta events. */
async function watch(turn: TurnHandle) {
  let deltaEvents = 0;
  turn.on("item/commandExecution/outputDelta", () => deltaEvents++);
  const out: string[] = [];
  const chunks: CommandOutputChunk[] = [];
  const [result] = await Promise.all([
    renderTurn(turn, { write: (text: string) => out.push(text) }),
    (async () => {
      for await (const chunk of turn.commandOutputStream) chunks.push(chunk);
    })(),
  ]);
  return { result, transcript: out.join(""), chunks, deltaEvents };
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe("a command that finishes at once (real codex: no outputDelta, output only in aggregatedOutput)", () => {
  let fx: CodexFixture;
  let codex: Codex;
  beforeAll(async () => {
    fx = await startFixture();
    // A HOME without shell profiles: `bash -lc` prints nothing extra, and `echo` is done before codex
    // reads any output, so codex sends no outputDelta (as for most quick commands in practice).
    codex = fx.newClient({ env: { ...fx.env.env, HOME: fx.env.workspace } });
  }, T);
  afterAll(async () => {
    await fx?.close();
  }, T);

  it(
    "renderTurn and commandOutputStream show its output once, from the completed item",
    async () => {
      // Whether codex streams a delta for `echo` is a race inside codex (a loaded machine often does),
      // so the turn is tried up to three times until codex sends none. The output must show once on
      // every try, streamed or not.
      let fallbackSeen = false;
      for (let attempt = 1; attempt <= 3 && !fallbackSeen; attempt++) {
        fx.env.mock.enqueue(reply.execCommand("echo instant-output"), reply.message("all done"));
        const thread = await codex.startThread({
          cwd: fx.env.workspace,
          approvalPolicy: "untrusted",
          sandbox: "workspace-write",
          serverRequests: rulePolicy([{ command: /echo instant-output/, decision: "accept" }]),
        });
        const { result, transcript, chunks, deltaEvents } = await watch(thread.turn("run it"));
        const command = result.items.find((item) => item.type === "commandExecution");
        expect(command).toMatchObject({
          status: "completed",
          exitCode: 0,
          aggregatedOutput: "instant-output\n",
        });
        expect(chunks.map((chunk) => chunk.delta).join("")).toBe("instant-output\n");
        expect(chunks.every((chunk) => chunk.itemId === command?.id)).toBe(true);
        expect(occurrences(transcript, "instant-output\n")).toBe(1);
        // The output sits between the command line and its exit line.
        expect(transcript).toMatch(
          /\$ .*echo instant-output.*\n.*↳ .*accept \(thread\)\n {4}instant-output\n {2}✓ exit 0/,
        );
        expect(transcript).toContain("all done\n");
        if (deltaEvents === 0) {
          // Nothing streamed: the one chunk came from the completed item.
          expect(chunks).toEqual([{ itemId: command?.id, delta: "instant-output\n" }]);
          fallbackSeen = true;
        }
      }
      // On a loaded machine codex may stream on every try; the no-delta path is then covered
      // deterministically by the scripted test below ("silent output is shown once").
      if (!fallbackSeen)
        console.log("codex streamed the output on every try: the fallback ran in the scripted test only");
    },
    T,
  );
});

describe("a turn mixing streamed and silent commands (scripted fake app-server)", () => {
  const commandItem = (id: string, extra: Record<string, unknown>) => ({
    type: "commandExecution",
    id,
    command: `/bin/bash -lc 'echo ${id}'`,
    cwd: "/tmp",
    commandActions: [],
    status: "inProgress",
    ...extra,
  });
  const at = { threadId: FAKE_THREAD_ID, turnId: FAKE_TURN_ID };
  const finished = { status: "completed", exitCode: 0, durationMs: 3 };

  it(
    "streamed output is not repeated at completion; silent output is shown once",
    async () => {
      const command = fakeAppServerCommand({
        handlers: {
          "thread/start": { result: fakeThreadStart },
          "turn/start": {
            result: { turn: fakeTurn },
            after: [
              { notify: "turn/started", params: { threadId: FAKE_THREAD_ID, turn: fakeTurn } },
              { notify: "item/started", params: { ...at, item: commandItem("streamed", {}) } },
              {
                notify: "item/commandExecution/outputDelta",
                params: { ...at, itemId: "streamed", delta: "line-1\n" },
              },
              {
                notify: "item/commandExecution/outputDelta",
                params: { ...at, itemId: "streamed", delta: "line-2\n" },
              },
              {
                notify: "item/completed",
                params: {
                  ...at,
                  item: commandItem("streamed", { ...finished, aggregatedOutput: "line-1\nline-2\n" }),
                },
              },
              { notify: "item/started", params: { ...at, item: commandItem("silent", {}) } },
              {
                notify: "item/completed",
                params: {
                  ...at,
                  item: commandItem("silent", { ...finished, aggregatedOutput: "quiet-output\n" }),
                },
              },
              { notify: "item/started", params: { ...at, item: commandItem("empty", {}) } },
              {
                notify: "item/completed",
                params: { ...at, item: commandItem("empty", { ...finished, aggregatedOutput: "" }) },
              },
              {
                notify: "turn/completed",
                params: { threadId: FAKE_THREAD_ID, turn: { ...fakeTurn, status: "completed" } },
              },
            ],
          },
        },
      });
      await using client = new Codex({ transport: { type: "spawn", ...command } });
      const thread = await client.startThread();
      const { result, transcript, chunks, deltaEvents } = await watch(thread.turn("go"));
      expect(result.status).toBe("completed");
      expect(deltaEvents).toBe(2);
      expect(chunks).toEqual([
        { itemId: "streamed", delta: "line-1\n" },
        { itemId: "streamed", delta: "line-2\n" },
        { itemId: "silent", delta: "quiet-output\n" },
      ]);
      expect(occurrences(transcript, "line-1")).toBe(1);
      expect(occurrences(transcript, "line-2")).toBe(1);
      expect(occurrences(transcript, "quiet-output")).toBe(1);
      expect(transcript).toMatch(/echo silent.*\n {4}quiet-output\n {2}✓ exit 0/);
    },
    T,
  );

  it(
    "renderTurn leaves command output out with commandOutput: false",
    async () => {
      const command = fakeAppServerCommand({
        handlers: {
          "thread/start": { result: fakeThreadStart },
          "turn/start": {
            result: { turn: fakeTurn },
            after: [
              { notify: "item/started", params: { ...at, item: commandItem("silent", {}) } },
              {
                notify: "item/completed",
                params: {
                  ...at,
                  item: commandItem("silent", { ...finished, aggregatedOutput: "hidden-output\n" }),
                },
              },
              {
                notify: "turn/completed",
                params: { threadId: FAKE_THREAD_ID, turn: { ...fakeTurn, status: "completed" } },
              },
            ],
          },
        },
      });
      await using client = new Codex({ transport: { type: "spawn", ...command } });
      const out: string[] = [];
      const thread = await client.startThread();
      await renderTurn(
        thread.turn("go"),
        { write: (text: string) => out.push(text) },
        { commandOutput: false },
      );
      expect(out.join("")).toMatch(/echo silent'\n {2}✓ exit 0/);
      expect(out.join("")).not.toContain("hidden-output");
    },
    T,
  );
});
