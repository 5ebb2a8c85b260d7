import { describe, expect, it } from "vitest";
import { toStrictJsonSchema } from "../../src/index.js";

describe("toStrictJsonSchema", () => {
  it("closes every object and requires all its properties, recursively", () => {
    const strict = toStrictJsonSchema({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: {
        name: { type: "string" },
        tags: { type: "array", items: { type: "object", properties: { label: { type: "string" } } } },
        owner: { anyOf: [{ type: "object", properties: { id: { type: "number" } } }, { type: "null" }] },
      },
      required: ["name"],
      $defs: { point: { type: "object", properties: { x: { type: "number" } } } },
    });
    expect(strict).toEqual({
      type: "object",
      properties: {
        name: { type: "string" },
        // Left out of `required`: sent as required-and-nullable.
        tags: {
          anyOf: [
            {
              type: "array",
              items: {
                type: "object",
                properties: { label: { type: "string" } },
                required: ["label"],
                additionalProperties: false,
              },
            },
            { type: "null" },
          ],
        },
        // Already nullable: left as it is.
        owner: {
          anyOf: [
            {
              type: "object",
              properties: { id: { type: "number" } },
              required: ["id"],
              additionalProperties: false,
            },
            { type: "null" },
          ],
        },
      },
      required: ["name", "tags", "owner"],
      additionalProperties: false,
      $defs: {
        point: {
          type: "object",
          properties: { x: { type: "number" } },
          required: ["x"],
          additionalProperties: false,
        },
      },
    });
  });

  it("leaves non-object schemas alone and does not mutate the input", () => {
    const input = { type: "object", properties: { a: { type: "string" } } };
    const copy = structuredClone(input);
    expect(toStrictJsonSchema({ type: "string", enum: ["a"] })).toEqual({ type: "string", enum: ["a"] });
    toStrictJsonSchema(input);
    expect(input).toEqual(copy);
  });
});
