// The override table and what codegen says when a request has no result type.
import { describe, expect, test } from "vitest";
import { RESULT_TYPE_OVERRIDES, resolveResultTypes } from "../src/methods.js";
import { definitionsMatching } from "../src/probe/result-probe.js";
import { RESULT_TYPE_OVERRIDE_TABLE } from "../src/result-type-overrides.js";
import { schemaModel } from "./support/schema-model.js";

const model = schemaModel();

describe("result type overrides", () => {
  test("the method -> definition map is the table's", () => {
    expect(RESULT_TYPE_OVERRIDES).toEqual(
      Object.fromEntries(Object.entries(RESULT_TYPE_OVERRIDE_TABLE).map(([m, e]) => [m, e.result])),
    );
    for (const entry of Object.values(RESULT_TYPE_OVERRIDE_TABLE)) {
      expect(entry.evidence.length).toBeGreaterThan(10);
      expect(model.definitions[entry.result]).toBeDefined();
    }
  });

  test("an override that a naming rule now makes unnecessary fails the build", () => {
    const members = [
      { method: "thread/start", params: "ThreadStartParams", paramsKind: "required" as const },
    ];
    expect(() =>
      resolveResultTypes(model.definitions, members, { "thread/start": "ThreadForkResponse" }),
    ).toThrow(/stale: the schema now has ThreadStartResponse; remove the override/);
  });

  test("a request without a result says exactly what to do", () => {
    const members = [{ method: "frob/set", params: "FrobSetParams", paramsKind: "required" as const }];
    let message = "";
    try {
      resolveResultTypes(model.definitions, members, {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("no result type for frob/set");
    expect(message).toContain("frob/set (params FrobSetParams): no FrobSetResponse definition");
    expect(message).toContain("pnpm codegen:probe --codex <version> <method>");
    expect(message).toContain("generate-ts");
    expect(message).toContain("codegen/src/result-type-overrides.ts");
    expect(message).toContain("test/real/result-type-overrides.test.ts");
  });
});

describe("definitionsMatching (the probe's shape match)", () => {
  test("fits only definitions with every key known and every required key present", () => {
    const written = { filePath: "/tmp/config.toml", status: "ok", version: "v1", overriddenMetadata: null };
    const matches = definitionsMatching(model.definitions, written, "config/value/write");
    expect(matches[0]).toBe("ConfigWriteResponse");
    expect(
      definitionsMatching(model.definitions, { ...written, extra: 1 }, "config/value/write"),
    ).not.toContain("ConfigWriteResponse");
    const { version: _dropped, ...missing } = written;
    expect(definitionsMatching(model.definitions, missing, "config/value/write")).not.toContain(
      "ConfigWriteResponse",
    );
  });
});
