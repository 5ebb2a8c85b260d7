import { reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { type AnyCodex, collect, normalize, useCompatEnv } from "./support/compat-env.js";

const fx = useCompatEnv();

/** A turn with reasoning, a command, a file change and a message, scripted for one thread. */
function scriptToolTurn(): void {
  fx.env.mock.enqueue(reply.turn([reply.reasoning(["Looking", "around"]), reply.execCommand("echo hi")]));
  fx.env.mock.enqueue(reply.applyPatch({ add: { path: "added.txt", content: "x\n" } }));
  fx.env.mock.enqueue(reply.message("All done", { deltas: "auto" }));
}

describe("streamed events", () => {
  it("follow codex exec's order: thread.started, warnings as error items, turn.started, items, turn.completed", async () => {
    fx.env.mock.enqueue(reply.message("Hello there", { deltas: "auto" }));
    const thread = fx.compat().startThread({ workingDirectory: fx.env.workspace });
    expect(thread.id).toBeNull();
    const { events, error } = await collect((await thread.runStreamed("hi")).events);
    expect(error).toBeUndefined();
    expect(events.map((event) => event.type)).toEqual([
      "thread.started",
      "item.completed",
      "turn.started",
      "item.completed",
      "turn.completed",
    ]);
    expect(events[0]).toEqual({ type: "thread.started", thread_id: thread.id });
    expect(events[1]).toMatchObject({ item: { id: "item_0", type: "error" } });
    expect(events[3]).toEqual({
      type: "item.completed",
      item: { id: "item_1", type: "agent_message", text: "Hello there" },
    });
    expect(events[4]).toEqual({
      type: "turn.completed",
      usage: {
        input_tokens: 10,
        cached_input_tokens: 0,
        cache_write_input_tokens: 0,
        output_tokens: 5,
        reasoning_output_tokens: 0,
      },
    });
  });

  it("map reasoning, commands and file changes to snake_case items numbered per turn", async () => {
    scriptToolTurn();
    const thread = fx
      .compat()
      .startThread({ workingDirectory: fx.env.workspace, sandboxMode: "workspace-write" });
    const { events } = await collect((await thread.runStreamed("go")).events);
    const items = events.flatMap((event) => ("item" in event ? [[event.type, event.item] as const] : []));
    expect(items.map(([type, item]) => `${type} ${item.id} ${item.type}`)).toEqual([
      "item.completed item_0 error",
      "item.completed item_1 reasoning",
      "item.started item_2 command_execution",
      "item.completed item_2 command_execution",
      "item.started item_3 file_change",
      "item.completed item_3 file_change",
      "item.completed item_4 agent_message",
    ]);
    expect(items[1]?.[1]).toEqual({ id: "item_1", type: "reasoning", text: "Looking\naround" });
    expect(items[2]?.[1]).toEqual({
      id: "item_2",
      type: "command_execution",
      command: "/bin/bash -lc 'echo hi'",
      aggregated_output: "",
      exit_code: null,
      status: "in_progress",
    });
    expect(items[3]?.[1]).toMatchObject({ exit_code: 0, status: "completed" });
    expect(items[3]?.[1]).toHaveProperty("aggregated_output", expect.stringContaining("hi\n"));
    expect(items[5]?.[1]).toEqual({
      id: "item_3",
      type: "file_change",
      changes: [{ path: `${fx.env.workspace}/added.txt`, kind: "add" }],
      status: "completed",
    });
  });

  it("are the events @openai/codex-sdk streams for the same script on the same binary", async () => {
    const runWith = async (codex: AnyCodex) => {
      scriptToolTurn();
      const thread = codex.startThread({
        workingDirectory: fx.env.workspace,
        sandboxMode: "workspace-write",
      });
      return normalize((await collect((await thread.runStreamed("go")).events)).events, fx.env.workspace);
    };
    const ours = await runWith(fx.compat());
    const original = await runWith(fx.exec());
    expect(ours).toEqual(original);
  });

  it("run() returns the completed items, the last agent message and the usage", async () => {
    fx.env.mock.enqueue(reply.turn([reply.message("first"), reply.message("second")]));
    const result = await fx.compat().startThread({ workingDirectory: fx.env.workspace }).run("hi");
    expect(result.finalResponse).toBe("second");
    expect(result.items.map((item) => item.type)).toEqual(["error", "agent_message", "agent_message"]);
    expect(result.usage?.input_tokens).toBe(10);
  });

  it("start every turn with thread.started (same id), as each codex exec run does, side by side", async () => {
    const twoTurns = async (codex: AnyCodex) => {
      fx.env.mock.enqueue(reply.message("one"), reply.message("two"));
      const thread = codex.startThread({ workingDirectory: fx.env.workspace });
      const first = (await collect((await thread.runStreamed("one")).events)).events;
      const second = (await collect((await thread.runStreamed("two")).events)).events;
      expect(second[0]).toEqual({ type: "thread.started", thread_id: thread.id });
      return normalize([...first, ...second], fx.env.workspace);
    };
    expect(await twoTurns(fx.compat())).toEqual(await twoTurns(fx.exec()));
  });
});
