import { type ResponseUsage, reply, type StreamReply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { type AnyCodex, useCompatEnv } from "./support/compat-env.js";

const fx = useCompatEnv();

function withUsage(text: string, input: number, output: number): StreamReply {
  const usage: ResponseUsage = {
    input_tokens: input,
    input_tokens_details: { cached_tokens: 1 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 2 },
    total_tokens: input + output,
  };
  return { ...reply.message(text), end: { kind: "completed", usage } };
}

describe("usage", () => {
  // Measured on @openai/codex-sdk: turn.completed carries the thread's running total, not the turn's own.
  it("is the thread's running total across turns, as the original reports it", async () => {
    const codex = fx.compat();
    fx.env.mock.enqueue(withUsage("one", 100, 10), withUsage("two", 200, 20));
    const thread = codex.startThread({ workingDirectory: fx.env.workspace });
    const first = await thread.run("first");
    const second = await thread.run("second");
    expect(first.usage).toEqual({
      input_tokens: 100,
      cached_input_tokens: 1,
      cache_write_input_tokens: 0,
      output_tokens: 10,
      reasoning_output_tokens: 2,
    });
    expect(second.usage).toEqual({
      input_tokens: 300,
      cached_input_tokens: 2,
      cache_write_input_tokens: 0,
      output_tokens: 30,
      reasoning_output_tokens: 4,
    });
  });

  it("keeps counting after resumeThread in another Codex (another app-server)", async () => {
    fx.env.mock.enqueue(withUsage("one", 100, 10), withUsage("two", 200, 20));
    const first = fx.compat();
    const thread = first.startThread({ workingDirectory: fx.env.workspace });
    await thread.run("first");
    const resumed = fx.compat().resumeThread(thread.id as string, { workingDirectory: fx.env.workspace });
    const result = await resumed.run("second");
    expect(resumed.id).toBe(thread.id);
    expect(result.usage?.input_tokens).toBe(300);
    expect(result.usage?.output_tokens).toBe(30);
  });

  it("matches @openai/codex-sdk for the same two turns", async () => {
    const twoTurns = async (codex: AnyCodex) => {
      fx.env.mock.enqueue(withUsage("one", 40, 4), withUsage("two", 50, 5));
      const thread = codex.startThread({ workingDirectory: fx.env.workspace });
      return [(await thread.run("a")).usage, (await thread.run("b")).usage];
    };
    expect(await twoTurns(fx.compat())).toEqual(await twoTurns(fx.exec()));
  });
});
