import { reply } from "@codex/app-server-testing";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type ItemOf, itemsOfType, resultItems, type ThreadItem } from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 40_000;
const fx = useFixture(T, { config: { features: { shell_snapshot: false } } });

describe("result helpers: items by kind, typed", () => {
  it(
    "a real turn's reasoning, command and messages come back grouped and typed",
    async () => {
      fx.env.mock.enqueue(
        reply.turn([reply.reasoning("Checking the greeting"), reply.execCommand("echo grouped-output")]),
        reply.message("All done."),
      );
      const thread = await fx.codex.startThread({
        cwd: fx.env.workspace,
        sandbox: "read-only",
        approvalMode: "denyAll",
      });
      const result = await thread.run("go");
      const items = resultItems(result);
      expectTypeOf(items.commandExecutions).toEqualTypeOf<ItemOf<"commandExecution">[]>();
      expect(items.commandExecutions).toHaveLength(1);
      // No narrowing needed: the fields of a commandExecution item are there.
      expect(items.commandExecutions[0]?.aggregatedOutput).toContain("grouped-output");
      expect(items.commandExecutions[0]?.exitCode).toBe(0);
      expect(items.reasoning.map((item) => item.summary)).toEqual([["Checking the greeting"]]);
      expect(items.agentMessages.map((item) => item.text)).toEqual(["All done."]);
      expect(items.fileChanges).toEqual([]);
      expect(items.webSearches).toEqual([]);
      expect(itemsOfType(result, "agentMessage")).toEqual(items.agentMessages);
      // The stored turn works too.
      const [stored] = (await thread.turns()).slice(-1);
      expect(itemsOfType(stored!, "agentMessage").map((item) => item.text)).toEqual(["All done."]);
    },
    T,
  );

  it("every listed kind is picked from any { items } in order", () => {
    const items = [
      { type: "webSearch", id: "w1", query: "a" },
      { type: "plan", id: "p1", text: "step" },
      { type: "mcpToolCall", id: "m1", server: "s", tool: "t" },
      { type: "fileChange", id: "f1", changes: [] },
      { type: "webSearch", id: "w2", query: "b" },
      { type: "dynamicToolCall", id: "d1" },
    ] as unknown as ThreadItem[];
    const grouped = resultItems({ items });
    expect(grouped.webSearches.map((item) => item.id)).toEqual(["w1", "w2"]);
    expect(grouped.plans.map((item) => item.text)).toEqual(["step"]);
    expect(grouped.mcpToolCalls.map((item) => item.tool)).toEqual(["t"]);
    expect(grouped.fileChanges).toHaveLength(1);
    expect(grouped.dynamicToolCalls).toHaveLength(1);
    expectTypeOf(itemsOfType({ items }, "webSearch")).toEqualTypeOf<ItemOf<"webSearch">[]>();
  });
});
