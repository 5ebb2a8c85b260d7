import { describe, expect, it } from "vitest";
import { applyPatchCommand, renderPatch, reply, streamEvents } from "../../src/index.js";

describe("reply builders", () => {
  it("builds an exec_command function call with snake_case arguments", () => {
    const built = reply.execCommand("ls -la", {
      callId: "call_1",
      sandboxPermissions: "require_escalated",
      justification: "need it",
      workdir: "/tmp/w",
    });
    expect(built.items).toEqual([
      [
        {
          type: "response.output_item.done",
          item: {
            type: "function_call",
            call_id: "call_1",
            name: "exec_command",
            arguments: JSON.stringify({
              cmd: "ls -la",
              yield_time_ms: 10_000,
              workdir: "/tmp/w",
              sandbox_permissions: "require_escalated",
              justification: "need it",
            }),
          },
        },
      ],
    ]);
  });

  it("mcpToolCall calls the tool by name in the server's mcp__ namespace", () => {
    expect(reply.mcpToolCall("calc", "add", { a: 2, b: 3 }, { callId: "mcp_1" }).items).toEqual([
      [
        {
          type: "response.output_item.done",
          item: {
            type: "function_call",
            call_id: "mcp_1",
            namespace: "mcp__calc",
            name: "add",
            arguments: '{"a":2,"b":3}',
          },
        },
      ],
    ]);
  });

  it("spawnAgent and waitAgent call codex's multi-agent tools in their namespace", () => {
    const call = (r: ReturnType<typeof reply.spawnAgent>) =>
      (r.items[0]?.[0] as unknown as { item: unknown } | undefined)?.item;
    expect(call(reply.spawnAgent("count files", { callId: "s1" }))).toEqual({
      type: "function_call",
      call_id: "s1",
      namespace: "multi_agent_v1",
      name: "spawn_agent",
      arguments: '{"message":"count files"}',
    });
    expect(call(reply.waitAgent(["t1"], { callId: "w1", timeoutMs: 10_000 }))).toMatchObject({
      namespace: "multi_agent_v1",
      name: "wait_agent",
      arguments: '{"targets":["t1"],"timeout_ms":10000}',
    });
  });

  it("webSearch is a completed hosted web_search_call with the query", () => {
    expect(reply.webSearch("codex sdk", { id: "ws_1" }).items).toEqual([
      [
        {
          type: "response.output_item.done",
          item: {
            type: "web_search_call",
            id: "ws_1",
            status: "completed",
            action: { type: "search", query: "codex sdk" },
          },
        },
      ],
    ]);
  });

  it("renders apply_patch heredocs for added, deleted and updated files", () => {
    expect(applyPatchCommand({ add: { path: "a.txt", content: "one\ntwo\n" } })).toBe(
      "apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: a.txt\n+one\n+two\n*** End Patch\nEOF\n",
    );
    expect(renderPatch({ delete: { path: "gone.txt" } })).toBe(
      "*** Begin Patch\n*** Delete File: gone.txt\n*** End Patch\n",
    );
    expect(renderPatch({ update: { path: "b.txt", oldLines: ["old"], newLines: ["new"] } })).toBe(
      "*** Begin Patch\n*** Update File: b.txt\n@@\n-old\n+new\n*** End Patch\n",
    );
    // A body without the envelope gets wrapped; a full patch is kept as is.
    expect(renderPatch("*** Add File: c\n+x")).toBe("*** Begin Patch\n*** Add File: c\n+x\n*** End Patch\n");
    const full = "*** Begin Patch\n*** Delete File: d\n*** End Patch\n";
    expect(renderPatch(full)).toBe(full);
  });

  it("applyPatch is an exec_command carrying the heredoc", () => {
    const built = reply.applyPatch({ add: { path: "p.txt", content: "hi" } }, { callId: "call_ap" });
    const item = built.items[0]?.[0]?.item as { name: string; call_id: string; arguments: string };
    expect(item.name).toBe("exec_command");
    expect(item.call_id).toBe("call_ap");
    expect(JSON.parse(item.arguments).cmd).toBe(applyPatchCommand({ add: { path: "p.txt", content: "hi" } }));
  });

  it("turn() merges items in order and ends the way its last part ends", () => {
    const merged = reply.turn([reply.reasoning("think", { id: "rs" }), reply.message("done", { id: "m" })], {
      responseId: "resp_x",
    });
    const events = streamEvents(merged, "unused");
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.output_item.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events[0]).toEqual({ type: "response.created", response: { id: "resp_x" } });
    expect(events[1]?.item).toMatchObject({ type: "reasoning" });
    expect(events[2]?.item).toMatchObject({ id: "m" });

    const cut = reply.turn([reply.message("a"), reply.cutStream()]);
    expect(cut.end).toEqual({ kind: "cut" });
    expect(streamEvents(cut, "r").at(-1)?.type).toBe("response.output_item.done");
  });

  it("a message with done:false stops after its deltas", () => {
    const events = streamEvents(
      reply.hang(reply.message("abc", { deltas: ["a"], done: false, id: "m1" })),
      "r",
    );
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.output_text.delta",
    ]);
  });

  it("reasoning carries summary parts and optional raw content", () => {
    const built = reply.reasoning(["one", "two"], { id: "rs_1", content: "raw" });
    expect(built.items[0]?.[0]?.item).toEqual({
      type: "reasoning",
      id: "rs_1",
      summary: [
        { type: "summary_text", text: "one" },
        { type: "summary_text", text: "two" },
      ],
      content: [{ type: "reasoning_text", text: "raw" }],
    });
  });

  it("gives generated call and message ids that differ between replies", () => {
    const a = reply.execCommand("true").items[0]?.[0]?.item as { call_id: string };
    const b = reply.execCommand("true").items[0]?.[0]?.item as { call_id: string };
    expect(a.call_id).not.toBe(b.call_id);
  });

  it("withTiming returns a copy with the new timing", () => {
    const base = reply.message("x");
    const delayed = reply.withTiming(base, { delayMs: 5, eventDelayMs: 1 });
    expect(delayed).toMatchObject({ delayMs: 5, eventDelayMs: 1, kind: "stream" });
    expect(base.delayMs).toBeUndefined();
  });
});
