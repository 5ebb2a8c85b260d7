import { describe, expect, test } from "vitest";
import { generateFiles } from "../src/generate.js";
import type { JsonSchema } from "../src/json-schema.js";
import type { SchemaSources } from "../src/load-schema.js";

const TIMEOUT = 30_000;

/** A tiny protocol in the shape of the codex bundles: one request, one notification, one server request. */
function bundle(v2: Record<string, JsonSchema>, root: Record<string, JsonSchema> = {}): unknown {
  const method = (name: string) => ({ enum: [name], type: "string", title: `${name}Method` });
  return {
    definitions: {
      RequestId: { anyOf: [{ type: "string" }, { type: "integer" }] },
      ClientRequest: {
        oneOf: [
          {
            type: "object",
            title: "Thing/doRequest",
            required: ["id", "method", "params"],
            properties: {
              id: { $ref: "#/definitions/RequestId" },
              method: method("thing/do"),
              params: { $ref: "#/definitions/v2/ThingDoParams" },
            },
          },
        ],
      },
      ServerRequest: {
        oneOf: [
          {
            type: "object",
            title: "Thing/askRequest",
            required: ["id", "method", "params"],
            properties: {
              id: { $ref: "#/definitions/RequestId" },
              method: method("thing/ask"),
              params: { $ref: "#/definitions/ThingAskParams" },
            },
          },
        ],
      },
      // The member title equals the params definition's name: the trap protocol.md describes.
      ServerNotification: {
        oneOf: [
          {
            type: "object",
            title: "ThingDoneNotification",
            required: ["method", "params"],
            properties: {
              method: method("thing/done"),
              params: { $ref: "#/definitions/v2/ThingDoneNotification" },
            },
          },
        ],
        properties: { emittedAtMs: { type: "integer" } },
      },
      ThingAskParams: { type: "object", properties: { question_text: { type: "string" } } },
      ThingAskResponse: { type: "object", properties: {} },
      ...root,
      v2: {
        ThingDoParams: {
          type: "object",
          required: ["thing_id"],
          properties: { thing_id: { type: "string" } },
        },
        ThingDoResponse: { type: "object", properties: { done: { type: "boolean" } } },
        ThingDoneNotification: { type: "object", properties: { thingId: { type: "string" } } },
        ...v2,
      },
    },
  };
}

function sources(v2: Record<string, JsonSchema> = {}, root: Record<string, JsonSchema> = {}): SchemaSources {
  const pair = { full: bundle(v2, root), v2: { definitions: {} } };
  return {
    codexVersion: "9.9.9",
    sha256: { "experimental/codex_app_server_protocol.schemas.json": "0".repeat(64) },
    experimental: pair,
    stable: pair,
    resultTypeOverrides: {},
  };
}

describe("the generator on a synthetic schema", () => {
  test(
    "a well-formed schema generates, the union title trap included",
    async () => {
      const files = await generateFiles(sources());
      const wire = files.get("wire-types.ts")!;
      expect(wire).toMatch(/^export interface ThingDoneNotification \{\n {2}thingId\?: string;\n\}/m);
      expect(wire).not.toMatch(/ThingDoneNotification1/);
      expect(files.get("method-maps.ts")).toContain(
        '"thing/do": { params: Wire.ThingDoParams; result: Wire.ThingDoResponse };',
      );
      expect(files.get("camel-types.ts")).toContain("thingId: string;");
      expect(files.get("schema-info.ts")).toContain('codexVersion: "9.9.9"');
    },
    TIMEOUT,
  );

  test(
    "camelCase twins only where a snake_case field sits inside; the rest is re-exported",
    async () => {
      const v2 = {
        // No snake_case field: identical in both spellings.
        Plain: { type: "object", properties: { name: { type: "string" } } },
        // Snake_case only through the definition it refers to: still a twin.
        Holder: { type: "object", properties: { params: { $ref: "#/definitions/v2/ThingDoParams" } } },
        // A titled part without snake_case inside a twin is the wire type it declares.
        Mixed: {
          type: "object",
          properties: {
            snake_field: { type: "string" },
            part: { title: "MixedPart", type: "object", properties: { label: { type: "string" } } },
          },
        },
      };
      const files = await generateFiles(sources(v2));
      const camel = files.get("camel-types.ts")!;
      const declared = [...camel.matchAll(/^export (?:interface|type) (\w+)/gm)].map((match) => match[1]);
      expect(declared.sort()).toEqual([
        "ClientRequest",
        "Holder",
        "Mixed",
        "ServerRequest",
        "ThingAskParams",
        "ThingDoParams",
      ]);
      const reexported = /^export type \{\n([\s\S]*?)\n\} from "\.\/wire-types\.js";$/m.exec(camel)![1]!;
      expect(reexported.split("\n").map((line) => line.trim().replace(/,$/, ""))).toEqual([
        "JsonValue",
        "MixedPart",
        "Plain",
        "RequestId",
        "ServerNotification",
        "ThingAskResponse",
        "ThingDoResponse",
        "ThingDoneNotification",
      ]);
      expect(camel).toMatch(/^export interface Holder \{\n {2}params\?: ThingDoParams;\n\}/m);
      expect(camel).toMatch(/^ {2}part\?: Wire\.MixedPart;$/m);
      expect(camel).toMatch(/^ {2}snakeField\?: string;$/m);
    },
    TIMEOUT,
  );

  test(
    "the empty schema {} becomes JsonValue (any JSON value), in both spellings",
    async () => {
      const v2 = {
        Carrier: {
          type: "object",
          required: ["payload"],
          properties: { payload: { description: "Anything." }, extra_payload: {} },
        },
      };
      const files = await generateFiles(sources(v2));
      const wire = files.get("wire-types.ts")!;
      expect(wire).toMatch(/^export type JsonValue = /m);
      expect(wire).toMatch(/^ {2}payload: JsonValue;$/m);
      expect(wire).toMatch(/^ {2}extra_payload\?: JsonValue;$/m);
      expect(files.get("camel-types.ts")).toMatch(/^ {2}extraPayload\?: Wire\.JsonValue;$/m);
    },
    TIMEOUT,
  );

  test("a schema that defines JsonValue itself makes it throw", async () => {
    await expect(generateFiles(sources({ JsonValue: { type: "string" } }))).rejects.toThrow(
      /defines "JsonValue"/,
    );
  });

  test("a nested title colliding with another type name makes the generator throw", async () => {
    const colliding = {
      Widget: {
        type: "object",
        properties: {
          part: { title: "ThingDoResponse", type: "object", properties: { other: { type: "string" } } },
        },
      },
    };
    await expect(generateFiles(sources(colliding))).rejects.toThrow(/type name collision: "ThingDoResponse"/);
  });

  test("one name with two different schemas in root and v2 makes it throw", async () => {
    const root = { ThingDoResponse: { type: "object", properties: { done: { type: "string" } } } };
    await expect(generateFiles(sources({}, root))).rejects.toThrow(
      /schema name collision.*"ThingDoResponse"/,
    );
  });

  test("two fields with the same camelCase spelling make it throw", async () => {
    const clash = {
      Clash: { type: "object", properties: { foo_bar: { type: "string" }, fooBar: { type: "string" } } },
    };
    await expect(generateFiles(sources(clash))).rejects.toThrow(/camelCase collision/);
  });

  test("a request without a result type makes it throw", async () => {
    const v2 = { ThingDoResponse: undefined as unknown as JsonSchema };
    const broken = sources(v2);
    const full = broken.experimental.full as { definitions: { v2: Record<string, unknown> } };
    delete full.definitions.v2.ThingDoResponse;
    await expect(generateFiles(broken)).rejects.toThrow(/no result type for thing\/do/);
  });
});
