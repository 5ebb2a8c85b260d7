// Notifications codex only sends in situations the mock model cannot set up (plans, MCP calls, web
// searches, reroutes), mapped the way codex exec maps them.
import { describe, expect, it } from "vitest";
import { ExecEventMapper } from "../../src/event-mapper.js";

const note = (method: string, params: Record<string, unknown>) => ({ method, params });

describe("ExecEventMapper", () => {
  it("turns the plan into one todo_list item: started, updated, completed before turn.completed", () => {
    const mapper = new ExecEventMapper();
    const plan = (second: string) => [
      { step: "read", status: "completed" },
      { step: "write", status: second },
    ];
    expect(mapper.map(note("turn/plan/updated", { plan: plan("inProgress") })).events).toEqual([
      {
        type: "item.started",
        item: {
          id: "item_0",
          type: "todo_list",
          items: [
            { text: "read", completed: true },
            { text: "write", completed: false },
          ],
        },
      },
    ]);
    expect(mapper.map(note("turn/plan/updated", { plan: plan("completed") })).events[0]).toMatchObject({
      type: "item.updated",
      item: { id: "item_0", items: [{ completed: true }, { completed: true }] },
    });
    const done = mapper.map(note("turn/completed", { turn: { status: "completed", items: [] } }));
    expect(done.outcome).toBe("completed");
    expect(done.events.map((event) => event.type)).toEqual(["item.completed", "turn.completed"]);
    expect(done.events[0]).toMatchObject({ item: { id: "item_0", type: "todo_list" } });
  });

  it("maps MCP tool calls with their result and error", () => {
    const mapper = new ExecEventMapper();
    const item = {
      type: "mcpToolCall",
      id: "mcp_1",
      server: "docs",
      tool: "search",
      arguments: { q: "x" },
      status: "inProgress",
      result: null,
      error: null,
    };
    expect(mapper.map(note("item/started", { item })).events[0]).toEqual({
      type: "item.started",
      item: {
        id: "item_0",
        type: "mcp_tool_call",
        server: "docs",
        tool: "search",
        arguments: { q: "x" },
        result: null,
        error: null,
        status: "in_progress",
      },
    });
    const completed = {
      ...item,
      status: "completed",
      result: { content: [{ type: "text", text: "found" }], structuredContent: { n: 1 } },
    };
    expect(mapper.map(note("item/completed", { item: completed })).events[0]).toMatchObject({
      type: "item.completed",
      item: {
        id: "item_0",
        status: "completed",
        result: { content: [{ type: "text", text: "found" }], structured_content: { n: 1 } },
      },
    });
    const failed = { ...item, id: "mcp_2", status: "failed", error: { message: "boom" } };
    expect(mapper.map(note("item/completed", { item: failed })).events[0]).toMatchObject({
      item: { id: "item_1", status: "failed", error: { message: "boom" } },
    });
  });

  it("maps web searches, skips user messages and empty reasoning", () => {
    const mapper = new ExecEventMapper();
    expect(mapper.map(note("item/started", { item: { type: "userMessage", id: "u" } })).events).toEqual([]);
    expect(
      mapper.map(note("item/completed", { item: { type: "reasoning", id: "r", summary: [" "] } })).events,
    ).toEqual([]);
    expect(
      mapper.map(note("item/started", { item: { type: "webSearch", id: "ws", query: "codex" } })).events,
    ).toEqual([
      // Exec prints the search's own id and its action ("other" when codex reported none).
      {
        type: "item.started",
        item: { id: "ws", type: "web_search", query: "codex", action: { type: "other" } },
      },
    ]);
  });

  it("reports errors as error events, reroutes and deprecations as error items", () => {
    const mapper = new ExecEventMapper();
    expect(
      mapper.map(note("error", { error: { message: "retrying", additionalDetails: "429" }, willRetry: true }))
        .events,
    ).toEqual([{ type: "error", message: "retrying (429)" }]);
    expect(
      mapper.map(note("model/rerouted", { fromModel: "a", toModel: "b", reason: "highRiskCyberActivity" }))
        .events,
    ).toEqual([
      {
        type: "item.completed",
        item: { id: "item_0", type: "error", message: "model rerouted: a -> b (HighRiskCyberActivity)" },
      },
    ]);
    expect(mapper.map(note("deprecationNotice", { summary: "old", details: null })).events[0]).toMatchObject({
      item: { id: "item_1", type: "error", message: "old" },
    });
  });

  it("fails a turn with its error, else the last error event, else 'turn failed'", () => {
    const withError = new ExecEventMapper();
    expect(
      withError.map(note("turn/completed", { turn: { status: "failed", error: { message: "bad" } } })),
    ).toEqual({ events: [{ type: "turn.failed", error: { message: "bad" } }], outcome: "failed" });
    const fromEvent = new ExecEventMapper();
    fromEvent.map(note("error", { error: { message: "earlier" } }));
    expect(
      fromEvent.map(note("turn/completed", { turn: { status: "failed", error: null } })).events[0],
    ).toEqual({ type: "turn.failed", error: { message: "earlier" } });
    expect(
      new ExecEventMapper().map(note("turn/completed", { turn: { status: "failed" } })).events[0],
    ).toEqual({ type: "turn.failed", error: { message: "turn failed" } });
  });

  it("closes items left open with the turn's copy; an interrupted turn ends without an event", () => {
    const mapper = new ExecEventMapper();
    const command = { type: "commandExecution", id: "c", command: "sleep 9", status: "inProgress" };
    mapper.map(note("item/started", { item: command }));
    const end = mapper.map(
      note("turn/completed", { turn: { status: "interrupted", items: [{ ...command, status: "failed" }] } }),
    );
    expect(end).toEqual({
      events: [
        {
          type: "item.completed",
          item: {
            id: "item_0",
            type: "command_execution",
            command: "sleep 9",
            aggregated_output: "",
            exit_code: null,
            status: "failed",
          },
        },
      ],
      outcome: "interrupted",
    });
  });

  it("reports usage as the thread's running total, zeros when codex reported none", () => {
    const mapper = new ExecEventMapper();
    const total = { inputTokens: 30, cachedInputTokens: 2, outputTokens: 7, reasoningOutputTokens: 1 };
    mapper.map(note("thread/tokenUsage/updated", { tokenUsage: { total, last: total } }));
    expect(mapper.map(note("turn/completed", { turn: { status: "completed" } })).events[0]).toEqual({
      type: "turn.completed",
      usage: {
        input_tokens: 30,
        cached_input_tokens: 2,
        cache_write_input_tokens: 0,
        output_tokens: 7,
        reasoning_output_tokens: 1,
      },
    });
    expect(
      new ExecEventMapper().map(note("turn/completed", { turn: { status: "completed" } })).events[0],
    ).toMatchObject({ usage: { input_tokens: 0, output_tokens: 0 } });
  });
});
