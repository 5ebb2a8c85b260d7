import { reply } from "@codex/app-server-testing";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { StructuredOutputError } from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 30_000;
const fx = useFixture(T);

/** The JSON Schema codex forwarded to the model in the last request (Responses API `text.format`). */
function schemaSentToModel(): unknown {
  const text = fx.env.mock.requests.at(-1)?.body?.text as { format?: { schema?: unknown; strict?: boolean } };
  return text?.format;
}

describe("structured output", () => {
  it(
    "sends a JSON Schema, made strict, to the model and returns the parsed output",
    async () => {
      fx.env.mock.enqueue(reply.message('{"summary":"all good","score":9}'));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const result = await thread.run("review", {
        outputSchema: {
          type: "object",
          properties: { summary: { type: "string" }, score: { type: "integer" } },
        },
      });
      expect(result.output).toEqual({ summary: "all good", score: 9 });
      expectTypeOf(result.output).toEqualTypeOf<unknown>();
      expect(schemaSentToModel()).toMatchObject({
        type: "json_schema",
        strict: true,
        schema: {
          type: "object",
          properties: { summary: { type: "string" }, score: { type: "integer" } },
          required: ["summary", "score"],
          additionalProperties: false,
        },
      });
    },
    T,
  );

  it(
    "accepts a zod schema and types the output",
    async () => {
      const Review = z.object({
        verdict: z.enum(["approve", "reject"]),
        comments: z.array(z.object({ file: z.string(), note: z.string() })),
      });
      fx.env.mock.enqueue(reply.message('{"verdict":"approve","comments":[{"file":"a.ts","note":"nice"}]}'));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const result = await thread.run("review", { outputSchema: Review });
      expectTypeOf(result.output).toEqualTypeOf<z.infer<typeof Review>>();
      expect(result.output.verdict).toBe("approve");
      expect(result.output.comments[0]?.note).toBe("nice");
      expect(schemaSentToModel()).toMatchObject({
        schema: {
          required: ["verdict", "comments"],
          additionalProperties: false,
          properties: { comments: { items: { required: ["file", "note"], additionalProperties: false } } },
        },
      });
    },
    T,
  );

  it(
    "a reply that does not validate rejects with StructuredOutputError carrying the raw text",
    async () => {
      fx.env.mock.enqueue(reply.message('{"verdict":"maybe"}'));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const error = (await thread
        .run("review", { outputSchema: z.object({ verdict: z.enum(["approve", "reject"]) }) })
        .catch((e: unknown) => e)) as StructuredOutputError;
      expect(error).toBeInstanceOf(StructuredOutputError);
      expect(error.rawText).toBe('{"verdict":"maybe"}');
      expect(error.issues[0]?.path).toBe("/verdict");
    },
    T,
  );

  it(
    "a reply that is not JSON at all rejects the same way",
    async () => {
      fx.env.mock.enqueue(reply.message("I'd rather not."));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const error = (await thread
        .run("review", { outputSchema: { type: "object", properties: {} } })
        .catch((e: unknown) => e)) as StructuredOutputError;
      expect(error).toBeInstanceOf(StructuredOutputError);
      expect(error.rawText).toBe("I'd rather not.");
    },
    T,
  );
});
