// Web searches (a hosted web_search_call in the model's reply) and the plan tool (`update_plan`, turned on
// in config: mock-model is not offered it by default), side by side with @openai/codex-sdk.
import { reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { type AnyCodex, collect, normalize, useCompatEnv } from "./support/compat-env.js";

const fx = useCompatEnv({ tools: { update_plan: { enabled: true } } });

async function eventsOf(codex: AnyCodex, script: () => void, options = {}) {
  script();
  const thread = codex.startThread({ workingDirectory: fx.env.workspace, ...options });
  const { events, error } = await collect((await thread.runStreamed("go")).events);
  if (error) throw error;
  return normalize(events, fx.env.workspace);
}

describe("more item kinds, as @openai/codex-sdk streams them", () => {
  it("web_search", async () => {
    const script = () =>
      fx.env.mock.enqueue(
        reply.turn([reply.webSearch("codex sdk", { id: "ws_1" }), reply.message("found it")]),
      );
    const ours = await eventsOf(fx.compat(), script, { webSearchMode: "live" });
    const original = await eventsOf(fx.exec(), script, { webSearchMode: "live" });
    expect(ours).toEqual(original);
  });

  it("todo_list from the plan tool", async () => {
    const plan = (status: string) => ({
      plan: [
        { step: "read", status: "completed" },
        { step: "write", status },
      ],
    });
    const script = () =>
      fx.env.mock.enqueue(
        reply.functionCall("update_plan", plan("in_progress")),
        reply.functionCall("update_plan", plan("completed")),
        reply.message("planned"),
      );
    const ours = await eventsOf(fx.compat(), script);
    const original = await eventsOf(fx.exec(), script);
    expect(ours).toEqual(original);
  });
});
