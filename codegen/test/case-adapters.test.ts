import { describe, expect, expectTypeOf, test } from "vitest";
import type { CasePlan } from "../../packages/protocol/src/case-adapters/case-walker.js";
import type { Plan } from "../src/adapter-plans.js";
import { extractMethods } from "../src/methods.js";
import { isSnakeKey } from "../src/naming.js";
import {
  type Camel,
  clientRequestParamsToWire,
  clientRequestResultToCamel,
  type DefinitionName,
  type ExperimentalClientRequestMethod,
  type ExperimentalServerRequestMethod,
  hasSnakeCaseFields,
  type ServerNotificationMethod,
  serverNotificationParamsToCamel,
  serverRequestParamsToCamel,
  serverRequestResultToWire,
  type TurnStartParams,
  toCamel,
  toWire,
  type UserInput,
  validateDefinition,
} from "./support/generated.js";
import { schemaModel } from "./support/schema-model.js";
import { DATA_KEY_PREFIX, SchemaSampler } from "./support/schema-sampler.js";

const SEEDS_PER_DEFINITION = 6;
const model = schemaModel();
const sampler = new SchemaSampler(model.definitions);
const definitionNames = Object.keys(model.definitions) as DefinitionName[];

/** snake_case keys found outside free-form objects (invented map keys are data, so they are allowed). */
function snakeKeysOutsideData(value: unknown, freeForm: ReadonlySet<object>, path = ""): string[] {
  if (typeof value !== "object" || value === null || freeForm.has(value)) return [];
  if (Array.isArray(value))
    return value.flatMap((item, index) => snakeKeysOutsideData(item, freeForm, `${path}/${index}`));
  return Object.entries(value).flatMap(([key, child]) => [
    ...(isSnakeKey(key) && !key.startsWith(DATA_KEY_PREFIX) ? [`${path}/${key}`] : []),
    ...snakeKeysOutsideData(child, freeForm, `${path}/${key}`),
  ]);
}

describe("round trip over messages drawn from the schema", () => {
  test("every definition: wire -> camel -> wire is the identity, camel has no snake_case fields", () => {
    let converted = 0;
    for (const name of definitionNames) {
      for (let seed = 1; seed <= SEEDS_PER_DEFINITION; seed++) {
        const { value: wire, freeForm } = sampler.sample(name, seed * 7919 + name.length);
        const snapshot = structuredClone(wire);
        const camel = toCamel(name, wire as never);
        expect(snakeKeysOutsideData(camel, freeForm), `${name} seed ${seed}`).toEqual([]);
        expect(toWire(name, camel), `${name} seed ${seed}`).toEqual(snapshot);
        expect(wire, "the input is not mutated").toEqual(snapshot);
        if (JSON.stringify(camel) !== JSON.stringify(wire)) converted++;
      }
    }
    // The samples did exercise renaming, not only identities.
    expect(converted).toBeGreaterThan(100);
  });

  test("the sampler draws valid messages (ajv agrees)", () => {
    for (const name of definitionNames) {
      const { value } = sampler.sample(name, 42);
      expect(validateDefinition(name, value), name).toEqual({ ok: true });
    }
  });

  test("every method's params and results round-trip through the method adapters", () => {
    const tables = extractMethods(model.definitions, model.stableDefinitions);
    for (const { method, params, result } of tables.clientRequests) {
      const name = method as ExperimentalClientRequestMethod;
      if (params !== null) {
        const { value: wire } = sampler.sample(params, 11);
        const camel = toCamel(params as DefinitionName, wire as never);
        expect(clientRequestParamsToWire(name, camel as never), method).toEqual(wire);
      }
      const { value: wire, freeForm } = sampler.sample(result, 13);
      const camel = clientRequestResultToCamel(name, wire as never);
      expect(snakeKeysOutsideData(camel, freeForm), method).toEqual([]);
      expect(toWire(result as DefinitionName, camel as never), method).toEqual(wire);
    }
    for (const { method, params } of tables.serverNotifications) {
      const { value: wire, freeForm } = sampler.sample(params, 17);
      const camel = serverNotificationParamsToCamel(method as ServerNotificationMethod, wire as never);
      expect(snakeKeysOutsideData(camel, freeForm), method).toEqual([]);
      expect(toWire(params as DefinitionName, camel as never), method).toEqual(wire);
    }
    for (const { method, params, result } of tables.serverRequests) {
      const name = method as ExperimentalServerRequestMethod;
      const { value: wireParams, freeForm } = sampler.sample(params!, 19);
      const camelParams = serverRequestParamsToCamel(name, wireParams as never);
      expect(snakeKeysOutsideData(camelParams, freeForm), method).toEqual([]);
      const { value: wireResult } = sampler.sample(result, 23);
      const camelResult = toCamel(result as DefinitionName, wireResult as never);
      expect(serverRequestResultToWire(name, camelResult as never), method).toEqual(wireResult);
    }
  });
});

describe("adapter types", () => {
  test("method adapters map wire types to their camel twins and back", () => {
    expectTypeOf(
      serverNotificationParamsToCamel<"item/started">,
    ).returns.toEqualTypeOf<Camel.ItemStartedNotification>();
    expectTypeOf(
      clientRequestResultToCamel<"thread/start">,
    ).returns.toEqualTypeOf<Camel.ThreadStartResponse>();
    expectTypeOf(clientRequestParamsToWire<"turn/start">).returns.toEqualTypeOf<TurnStartParams>();
    expectTypeOf(clientRequestParamsToWire<"turn/start">)
      .parameter(1)
      .toEqualTypeOf<Camel.TurnStartParams | TurnStartParams>();
    expectTypeOf(toCamel<"UserInput">).returns.toEqualTypeOf<Camel.UserInput>();
    expectTypeOf(toWire<"UserInput">).returns.toEqualTypeOf<UserInput>();
  });

  test("every plan the planner builds is one the protocol's walker reads", () => {
    expectTypeOf<Plan>().toExtend<CasePlan>();
  });
});

describe("what the adapters do", () => {
  const wireInput = {
    type: "text",
    text: "hi",
    text_elements: [{ byteRange: { start: 0, end: 2 }, placeholder: null }],
  };
  const camelInput = {
    type: "text",
    text: "hi",
    textElements: [{ byteRange: { start: 0, end: 2 }, placeholder: null }],
  };

  test("snake_case islands become camelCase and back", () => {
    const params = clientRequestParamsToWire("turn/start", { threadId: "t", input: [camelInput] } as never);
    expect(params).toEqual({ threadId: "t", input: [wireInput] });
    const notification = serverNotificationParamsToCamel("item/started", {
      threadId: "t",
      turnId: "u",
      startedAtMs: 1,
      item: { type: "userMessage", id: "i", content: [wireInput] },
    } as never);
    expect(notification.item).toEqual({ type: "userMessage", id: "i", content: [camelInput] });
  });

  test("inputs to *ToWire accept the snake_case spelling too", () => {
    expect(clientRequestParamsToWire("turn/start", { threadId: "t", input: [wireInput] } as never)).toEqual({
      threadId: "t",
      input: [wireInput],
    });
  });

  test("tagged unions convert only the variant that has snake_case fields", () => {
    const update = { type: "update", move_path: "/b", unified_diff: "@@" };
    expect(toCamel("FileChange", update as never)).toEqual({
      type: "update",
      movePath: "/b",
      unifiedDiff: "@@",
    });
    expect(toCamel("FileChange", { type: "add", content: "x" } as never)).toEqual({
      type: "add",
      content: "x",
    });
  });

  test("undiscriminated unions pick the member by its fields", () => {
    const decision = { acceptWithExecpolicyAmendment: { execpolicy_amendment: ["ls"] } };
    const camel = toCamel("CommandExecutionApprovalDecision", decision as never);
    expect(camel).toEqual({ acceptWithExecpolicyAmendment: { execpolicyAmendment: ["ls"] } });
    expect(
      serverRequestResultToWire("item/commandExecution/requestApproval", { decision: camel } as never),
    ).toEqual({
      decision,
    });
    expect(toCamel("CommandExecutionApprovalDecision", "accept")).toBe("accept");
  });

  test("free-form maps (config) are untouched, typed map keys are untouched", () => {
    const result = {
      config: { model_provider: "mock", sandbox_workspace_write: { network_access: true } },
      origins: { model_provider: { name: { type: "user", file: "/c.toml", profile: null }, version: "v" } },
    };
    expect(clientRequestResultToCamel("config/read", result as never)).toEqual(result);
    const params = { cwd: "/w", config: { approval_policy: "never", nested_key: { deep_key: 1 } } };
    expect(clientRequestParamsToWire("thread/start", params as never)).toEqual(params);
  });

  test("unknown fields (a newer codex) pass through unchanged", () => {
    const wire = { ...wireInput, brand_new_field: { inner_key: 1 }, newerField: 2 };
    const camel = toCamel("UserInput", wire as never) as unknown as Record<string, unknown>;
    expect(camel.brand_new_field).toEqual({ inner_key: 1 });
    expect(camel.newerField).toBe(2);
    expect(toWire("UserInput", camel as never)).toEqual(wire);
  });

  test("methods without snake_case fields are the identity, decided at codegen time", () => {
    expect(hasSnakeCaseFields("ThreadArchiveParams")).toBe(false);
    expect(hasSnakeCaseFields("ThreadStartResponse")).toBe(true);
    expect(hasSnakeCaseFields("UserInput")).toBe(true);
    const result = {};
    expect(clientRequestResultToCamel("thread/archive", result)).toBe(result);
    const params = { threadId: "t" };
    expect(clientRequestParamsToWire("thread/archive", params as never)).toBe(params);
  });

  test("a __proto__ key is copied as data, not as a prototype", () => {
    const wire = JSON.parse(
      '{"type":"text","text":"x","text_elements":[],"__proto__":{"polluted":true}}',
    ) as object;
    const camel = toCamel("UserInput", wire as never) as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(camel)).toBe(Object.prototype);
    expect(Object.hasOwn(camel, "__proto__")).toBe(true);
  });
});
