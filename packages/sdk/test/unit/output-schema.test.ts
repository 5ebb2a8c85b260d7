import { describe, expect, it } from "vitest";
import { z } from "zod";
import { StructuredOutputError } from "../../src/index.js";
import { prepareOutputSchema } from "../../src/structured-output/output-schema.js";

describe("prepareOutputSchema", () => {
  it("parses and validates a reply against a JSON Schema", async () => {
    const prepared = prepareOutputSchema({
      type: "object",
      properties: { answer: { type: "integer" } },
    });
    expect(prepared.jsonSchema).toMatchObject({ required: ["answer"], additionalProperties: false });
    await expect(prepared.parse('{"answer":42}')).resolves.toEqual({ answer: 42 });
    const error = await prepared.parse('{"answer":"no"}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect((error as StructuredOutputError).rawText).toBe('{"answer":"no"}');
    expect((error as StructuredOutputError).issues[0]?.path).toBe("/answer");
  });

  it("rejects text that is not JSON, keeping the raw text", async () => {
    const prepared = prepareOutputSchema({ type: "object", properties: {} });
    const error = await prepared.parse("Sure! Here it is").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect((error as StructuredOutputError).rawText).toBe("Sure! Here it is");
  });

  it("converts a zod schema to strict JSON Schema and returns zod's typed output", async () => {
    const schema = z.object({
      title: z.string(),
      priority: z.enum(["low", "high"]),
      labels: z.array(z.object({ name: z.string() })),
      due: z.string().nullable(),
    });
    const prepared = prepareOutputSchema(schema);
    expect(prepared.jsonSchema).toMatchObject({
      type: "object",
      required: ["title", "priority", "labels", "due"],
      additionalProperties: false,
      properties: { labels: { items: { required: ["name"], additionalProperties: false } } },
    });
    const value = await prepared.parse('{"title":"t","priority":"high","labels":[{"name":"x"}],"due":null}');
    expect(value.priority).toBe("high");
    const wrong = await prepared
      .parse('{"title":"t","priority":"urgent","labels":[],"due":null}')
      .catch((e) => e);
    expect(wrong).toBeInstanceOf(StructuredOutputError);
  });

  it("applies the schema library's own refinements after JSON Schema validation", async () => {
    const prepared = prepareOutputSchema(
      z.object({ n: z.number().refine((n) => n % 2 === 0, "must be even") }),
    );
    await expect(prepared.parse('{"n":2}')).resolves.toEqual({ n: 2 });
    const error = await prepared.parse('{"n":3}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect((error as StructuredOutputError).issues).toEqual([{ path: "/n", message: "must be even" }]);
  });
});
