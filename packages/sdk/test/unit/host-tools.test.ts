import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { Session } from "../../src/client/session.js";
import { type Tool, ToolDefinitionError, tool } from "../../src/index.js";
import { dynamicToolSpecs, threadServerRequests, toolCallHandlers } from "../../src/tools/thread-tools.js";
import { toolRuntime } from "../../src/tools/tool.js";
import { toolErrorResponse, toToolResponse } from "../../src/tools/tool-output.js";

const noop = () => "ok";

describe("tool()", () => {
  it("describes a zod schema's input side as JSON Schema (a field with a default is optional)", () => {
    const t = tool({
      name: "search",
      description: "Searches",
      inputSchema: z.object({ query: z.string(), limit: z.number().int().default(10) }),
      execute: noop,
    });
    expectTypeOf(t).toEqualTypeOf<Tool<{ query: string; limit: number }>>();
    expect(t.inputSchema).toMatchObject({
      type: "object",
      properties: { query: { type: "string" }, limit: { type: "integer" } },
      required: ["query"],
    });
    expect(t.inputSchema).not.toHaveProperty("$schema");
    expect(Object.isFrozen(t)).toBe(true);
  });

  it("keeps a JSON Schema as given (minus $schema), adding type object when only properties are given", () => {
    const t = tool({
      name: "a",
      description: "",
      inputSchema: { $schema: "https://json-schema.org/draft/2020-12/schema", properties: { x: {} } },
      execute: noop,
    });
    expect(t.inputSchema).toEqual({ type: "object", properties: { x: {} } });
  });

  it.each([
    ["an empty name", { name: "" }],
    ["a name with spaces", { name: "get weather" }],
    ["a name longer than 64", { name: "x".repeat(65) }],
    ["a non-object schema", { inputSchema: { type: "string" } }],
    ["an array schema", { inputSchema: [] }],
    ["an invalid JSON Schema", { inputSchema: { type: "object", properties: { x: { type: 12 } } } }],
    ["a zod schema that is not an object", { inputSchema: z.string() }],
    ["a missing execute", { execute: undefined }],
  ])("refuses %s with ToolDefinitionError", (_case, override) => {
    const definition = {
      name: "ok_name",
      description: "d",
      inputSchema: { type: "object" },
      execute: noop,
      ...override,
    };
    expect(() => tool(definition as never)).toThrow(ToolDefinitionError);
  });

  it("types execute's input from a Standard Schema, and as unknown for JSON Schema (annotate it yourself)", () => {
    tool({
      name: "j",
      description: "",
      inputSchema: { type: "object", properties: { n: { type: "integer" } } },
      execute: (input) => {
        expectTypeOf(input).toEqualTypeOf<unknown>();
      },
    });
    // `execute` is a method, so a parameter annotated for the JSON Schema is accepted.
    tool({
      name: "j2",
      description: "",
      inputSchema: { type: "object", properties: { n: { type: "integer" } } },
      execute(input: { n: number }) {
        return input.n;
      },
    });
  });

  it("validates JSON Schema arguments with ajv and Standard Schema arguments with the library", async () => {
    const json = toolRuntime(
      tool({
        name: "j",
        description: "",
        inputSchema: { type: "object", properties: { n: { type: "integer" } }, required: ["n"] },
        execute: noop,
      }),
    );
    await expect(json.schema.validate({ n: 1 })).resolves.toEqual({ ok: true, value: { n: 1 } });
    await expect(json.schema.validate({ n: "1" })).resolves.toEqual({
      ok: false,
      issues: ["/n: must be integer"],
    });
    await expect(json.schema.validate({})).resolves.toMatchObject({ ok: false });

    const standard = toolRuntime(
      tool({ name: "s", description: "", inputSchema: z.object({ n: z.coerce.number() }), execute: noop }),
    );
    // The library's own parse runs, transforms included.
    await expect(standard.schema.validate({ n: "3" })).resolves.toEqual({ ok: true, value: { n: 3 } });
    await expect(standard.schema.validate({})).resolves.toMatchObject({ ok: false, issues: [/^\/n: /] });
  });
});

describe("a thread's tools", () => {
  const a = tool({ name: "a", description: "A", inputSchema: { type: "object" }, execute: noop });

  it("become function specs after the raw dynamicTools", () => {
    const raw = { type: "function" as const, name: "raw", description: "r", inputSchema: { type: "object" } };
    expect(dynamicToolSpecs({ tools: [a], dynamicTools: [raw] })).toEqual([
      raw,
      { type: "function", name: "a", description: "A", inputSchema: { type: "object" } },
    ]);
    expect(dynamicToolSpecs({})).toBeUndefined();
  });

  it("refuse two tools of one name, and objects not made by tool()", () => {
    expect(() => dynamicToolSpecs({ tools: [a, a] })).toThrow(/Two tools of this thread are named a/);
    const raw = { type: "function" as const, name: "a", description: "", inputSchema: {} };
    expect(() => dynamicToolSpecs({ tools: [a], dynamicTools: [raw] })).toThrow(ToolDefinitionError);
    const forged = { name: "x", description: "", inputSchema: {} } as Tool;
    expect(() => dynamicToolSpecs({ tools: [forged] })).toThrow(/made with tool\(/);
  });
});

describe("what execute returns, as the protocol's response", () => {
  it.each([
    ["a string", "hi", [{ type: "inputText", text: "hi" }]],
    ["undefined", undefined, []],
    ["JSON data", { a: [1, null] }, [{ type: "inputText", text: '{"a":[1,null]}' }]],
    ["a number", 42, [{ type: "inputText", text: "42" }]],
  ])("%s", (_case, output, contentItems) => {
    expect(toToolResponse(output)).toEqual({ contentItems, success: true });
  });

  it("content items are sent as they are, with success defaulting to true", () => {
    const image = { type: "inputImage" as const, imageUrl: "data:image/png;base64,AAAA" };
    expect(toToolResponse({ contentItems: [image] })).toEqual({ contentItems: [image], success: true });
    expect(toToolResponse({ contentItems: [], success: false })).toEqual({
      contentItems: [],
      success: false,
    });
  });

  it("a value JSON cannot write is refused (the call then fails), an error is a failed call", () => {
    expect(() => toToolResponse(() => 1)).toThrow(TypeError);
    expect(() => toToolResponse(10n)).toThrow(TypeError);
    expect(toolErrorResponse("nope")).toEqual({
      contentItems: [{ type: "inputText", text: "nope" }],
      success: false,
    });
  });
});

describe("the item/tool/call handler", () => {
  /** Just what the handler reads from the session: notifications to watch the turn, the router. */
  const fakeSession = (): Session =>
    ({ notifications: { add: () => () => {} }, router: { find: () => undefined } }) as unknown as Session;
  const params = (tool: string, args: Record<string, never>, namespace: string | null = null) => ({
    threadId: "th",
    turnId: "tu",
    callId: "c1",
    tool,
    namespace,
    arguments: args,
  });
  const context = { signal: new AbortController().signal } as never;

  it("passes on names it does not know and namespaced calls; a throwing schema is a failed call", async () => {
    const throwing = {
      "~standard": {
        version: 1 as const,
        vendor: "test",
        validate: () => {
          throw new Error("schema exploded");
        },
        jsonSchema: { input: () => ({ type: "object" }) },
      },
    };
    const t = tool({ name: "t", description: "", inputSchema: throwing, execute: () => "ran" });
    const handle = toolCallHandlers(fakeSession(), [t])["item/tool/call"]!;
    expect(handle(params("other", {}), context)).toBeUndefined();
    expect(handle(params("t", {}, "ns"), context)).toBeUndefined();
    await expect(handle(params("t", {}), context)).resolves.toEqual({
      success: false,
      contentItems: [
        {
          type: "inputText",
          text: "Invalid arguments for tool t: schema exploded. Call it again with arguments that match its schema.",
        },
      ],
    });
  });

  it("an output JSON cannot write becomes a failed call, not a thrown handler", async () => {
    const t = tool({
      name: "t",
      description: "",
      inputSchema: { type: "object" },
      execute: () => 1n as never,
    });
    const handle = toolCallHandlers(fakeSession(), [t])["item/tool/call"]!;
    await expect(handle(params("t", {}), context)).resolves.toMatchObject({
      success: false,
      contentItems: [{ text: expect.stringMatching(/^Tool t failed: /) }],
    });
  });

  it("a thread's handlers put its tools first, once per client and options object", () => {
    const own = { "item/tool/call": () => undefined };
    const options = {
      tools: [tool({ name: "t", description: "", inputSchema: { type: "object" }, execute: () => "" })],
      serverRequests: own,
    };
    const a = fakeSession();
    const list = threadServerRequests(a, options) as readonly unknown[];
    expect(list).toHaveLength(2);
    expect(list[1]).toBe(own);
    expect(threadServerRequests(a, options)).toBe(list);
    expect(threadServerRequests(fakeSession(), options)).not.toBe(list);
    expect(threadServerRequests(a, { serverRequests: own })).toBe(own);
  });
});
