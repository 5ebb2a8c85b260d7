import { describe, expect, it } from "vitest";
import { createSchemaValidator, type RequestRows } from "../../src/validation/schema-validator.js";

const DEFINITIONS = {
  StartParams: {
    type: "object",
    required: ["threadId"],
    properties: { threadId: { type: "string" }, mode: { enum: ["fast", "slow"] } },
    additionalProperties: false,
  },
  StartResponse: { type: "object", required: ["ok"], properties: { ok: { const: true } } },
  Input: {
    anyOf: [
      {
        type: "object",
        required: ["type", "text"],
        properties: { type: { enum: ["text"] }, text: { type: "string" } },
      },
      {
        type: "object",
        required: ["type", "url"],
        properties: { type: { enum: ["image"] }, url: { type: "string" } },
      },
    ],
  },
  Scalar: { anyOf: [{ type: "string" }, { type: "integer" }] },
};

const REQUESTS: RequestRows = {
  "thing/start": ["StartParams", "StartResponse", "required"],
  "thing/peek": ["StartParams", "StartResponse", "optional"],
  "thing/ping": [null, "StartResponse", "none"],
};

const validator = createSchemaValidator(JSON.stringify(DEFINITIONS));

describe("createSchemaValidator", () => {
  it("parses nothing until the first check", () => {
    const broken = createSchemaValidator("{not json");
    expect(() => broken.definition("StartParams", {})).toThrow(SyntaxError);
  });

  it("checks request params and results by method", () => {
    expect(validator.requestParams(REQUESTS, "client request", "thing/start", { threadId: "t" })).toEqual({
      ok: true,
    });
    expect(
      validator.requestParams(REQUESTS, "client request", "thing/start", { mode: "fast", x: 1 }),
    ).toEqual({
      ok: false,
      issues: [
        { path: "/params/threadId", message: "is required" },
        { path: "/params/x", message: "is not allowed here" },
      ],
    });
    expect(validator.requestResult(REQUESTS, "server request", "thing/start", { ok: false })).toEqual({
      ok: false,
      issues: [{ path: "/result/ok", message: "must be true" }],
    });
  });

  it("lets optional params be absent and requires methods without params to get none", () => {
    expect(validator.requestParams(REQUESTS, "client request", "thing/peek", undefined)).toEqual({
      ok: true,
    });
    expect(validator.requestParams(REQUESTS, "client request", "thing/start", null).ok).toBe(false);
    expect(validator.requestParams(REQUESTS, "client request", "thing/ping", {})).toEqual({ ok: true });
    expect(validator.requestParams(REQUESTS, "client request", "thing/ping", { x: 1 })).toEqual({
      ok: false,
      issues: [{ path: "/params", message: "must be empty (this method takes no params)" }],
    });
  });

  it("names unknown methods and definitions, prototype names included", () => {
    expect(validator.requestParams(REQUESTS, "server request", "toString", {})).toEqual({
      ok: false,
      issues: [{ path: "/method", message: 'unknown server request method "toString"' }],
    });
    expect(validator.notificationParams({ "thing/done": "StartParams" }, "thing/other", {})).toEqual({
      ok: false,
      issues: [{ path: "/method", message: 'unknown server notification method "thing/other"' }],
    });
    expect(validator.definition("Nope", {})).toEqual({
      ok: false,
      issues: [{ path: "", message: 'unknown schema definition "Nope"' }],
    });
  });

  it("reports an unknown tag by listing the tags there are", () => {
    expect(validator.definition("Input", { type: "video" })).toEqual({
      ok: false,
      issues: [{ path: "/type", message: 'must be one of "text", "image"' }],
    });
  });

  it("reports what is wrong inside the branch that was meant, not the branches that plainly do not fit", () => {
    expect(validator.definition("Input", { type: "image" })).toEqual({
      ok: false,
      issues: [{ path: "/url", message: "is required" }],
    });
  });

  it("lists the expected forms when no branch fits at all", () => {
    expect(validator.definition("Scalar", 1.5)).toEqual({
      ok: false,
      issues: [{ path: "", message: "must be string; or must be integer" }],
    });
  });

  it("checks notification params with the /params prefix", () => {
    const notifications = { "thing/done": "StartParams" };
    expect(validator.notificationParams(notifications, "thing/done", { threadId: 1 })).toEqual({
      ok: false,
      issues: [{ path: "/params/threadId", message: "must be string" }],
    });
  });
});
