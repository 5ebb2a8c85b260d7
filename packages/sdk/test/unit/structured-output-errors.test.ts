// Structured output (issue 8 §4) and SDK-level errors (§3): optional fields, errors that carry the turn,
// and bad input refused with CodexError subclasses.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  CodexError,
  OutputSchemaError,
  StructuredOutputError,
  UnsupportedInputError,
} from "../../src/index.js";
import { prepareOutputSchema } from "../../src/structured-output/output-schema.js";
import { FAKE_THREAD_ID } from "../support/fake-thread.js";
import { agentMessage, answerTurnStart, completeTurn, inMemoryCodex } from "../support/in-memory-codex.js";

describe("optional fields of a zod schema", () => {
  const schema = z.object({
    title: z.string(),
    score: z.number().optional(),
    author: z.object({ name: z.string(), email: z.string().optional() }).optional(),
    note: z.string().nullable().optional(),
  });

  it("are sent to codex as required and nullable", () => {
    const { jsonSchema } = prepareOutputSchema(schema);
    expect(jsonSchema).toMatchObject({
      required: ["title", "score", "author", "note"],
      additionalProperties: false,
      properties: {
        title: { type: "string" },
        score: { anyOf: [{ type: "number" }, { type: "null" }] },
        author: {
          anyOf: [
            {
              type: "object",
              required: ["name", "email"],
              properties: { email: { anyOf: [{ type: "string" }, { type: "null" }] } },
            },
            { type: "null" },
          ],
        },
      },
    });
  });

  it("map null back to absent before zod validates, so the output has the schema's type", async () => {
    const prepared = prepareOutputSchema(schema);
    const output = await prepared.parse(
      JSON.stringify({ title: "t", score: null, author: { name: "a", email: null }, note: null }),
    );
    // `note` was nullable already: its null is a real null.
    expect(output).toEqual({ title: "t", author: { name: "a" }, note: null });
    expect(await prepared.parse(JSON.stringify({ title: "t", score: 3, author: null, note: "n" }))).toEqual({
      title: "t",
      score: 3,
      note: "n",
    });
  });
});

describe("StructuredOutputError", () => {
  it("carries the turn id, items and usage as well as the raw text", async () => {
    const { server, codex, thread } = inMemoryCodex();
    const turn = (await thread()).turn("review", { outputSchema: z.object({ ok: z.boolean() }) });
    await answerTurnStart(server, "t1");
    await turn.started();
    const message = agentMessage("m1", "not json at all");
    server.notify("item/completed", { threadId: FAKE_THREAD_ID, turnId: "t1", item: message });
    const usage = {
      totalTokens: 15,
      inputTokens: 10,
      cachedInputTokens: 0,
      outputTokens: 5,
      reasoningOutputTokens: 0,
    };
    server.notify("thread/tokenUsage/updated", {
      threadId: FAKE_THREAD_ID,
      turnId: "t1",
      tokenUsage: { total: usage, last: usage, modelContextWindow: null },
    });
    completeTurn(server, "t1", "completed", [message]);
    const error = (await turn.result().catch((e: unknown) => e)) as StructuredOutputError;
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect(error.rawText).toBe("not json at all");
    expect(error.turnId).toBe("t1");
    expect(error.items).toEqual([expect.objectContaining({ id: "m1", text: "not json at all" })]);
    expect(error.usage).toMatchObject({ totalTokens: 15, outputTokens: 5 });
    expect(error.message).toMatch(/not valid JSON/);
    await codex.close();
  });
});

describe("bad input is a CodexError, before anything is sent", () => {
  it("run([]) rejects with UnsupportedInputError", async () => {
    const { codex, thread } = inMemoryCodex();
    const t = await thread();
    const error = await t.run([]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedInputError);
    expect(error).toBeInstanceOf(CodexError);
    await codex.close();
  });

  it.each([
    ["a number", 42],
    [
      "a Standard Schema that cannot describe itself",
      { "~standard": { version: 1, vendor: "x", validate: () => ({ value: 1 }) } },
    ],
    ["invalid JSON Schema", { type: "object", properties: { a: { type: "no-such-type" } } }],
  ])("outputSchema %s throws OutputSchemaError", async (_name, outputSchema) => {
    const { codex, thread } = inMemoryCodex();
    const t = await thread();
    expect(() => t.turn("x", { outputSchema: outputSchema as never })).toThrow(OutputSchemaError);
    await expect(t.run("x", { outputSchema: outputSchema as never })).rejects.toBeInstanceOf(CodexError);
    await codex.close();
  });
});
