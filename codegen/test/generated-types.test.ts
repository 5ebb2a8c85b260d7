import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, expectTypeOf, test } from "vitest";
import { AdapterPlanner } from "../src/adapter-plans.js";
import { declaredNames } from "../src/compile-types.js";
import { generatedDir } from "../src/paths.js";
import { manifestCounts } from "../src/schema-manifest.js";
import type {
  Camel,
  McpServerElicitationRequestResponse,
  Thread,
  ThreadApproveGuardianDeniedActionParams,
  TurnError,
  TurnStartParams,
} from "./support/generated.js";
import { schemaModel } from "./support/schema-model.js";

// Type-level checks run under `pnpm typecheck`; the runtime assertions keep vitest honest about them.
test("fields the schema leaves open ({}) take any JSON value: arrays, null, scalars, objects", () => {
  const schemas: Array<TurnStartParams["outputSchema"]> = [
    { type: "object", properties: {} },
    [{ type: "string" }],
    null,
    "text",
    3,
    true,
  ];
  const events: Array<ThreadApproveGuardianDeniedActionParams["event"]> = [null, [], { kind: "denied" }];
  const content: McpServerElicitationRequestResponse["content"] = ["a", 1];
  // @ts-expect-error undefined is not a JSON value
  const missing: ThreadApproveGuardianDeniedActionParams["event"] = undefined;
  expect([schemas.length, events.length, content, missing]).toEqual([6, 3, ["a", 1], undefined]);
});

test("camelCase twins exist only where a snake_case field sits inside; the rest are the wire types", () => {
  expectTypeOf<Camel.TurnError>().toEqualTypeOf<TurnError>();
  expectTypeOf<Camel.Thread>().not.toEqualTypeOf<Thread>();

  const { definitions } = schemaModel();
  const planner = new AdapterPlanner(definitions);
  const names = Object.keys(definitions);
  const twins = names.filter((name) => planner.needsConversion(name));
  const camel = readFileSync(join(generatedDir, "camel-types.ts"), "utf8");
  const declared = new Set(declaredNames(camel));
  for (const name of twins) expect(declared.has(name), name).toBe(true);
  for (const name of names.filter((name) => !twins.includes(name))) {
    expect(declared.has(name), name).toBe(false);
    expect(camel, name).toMatch(new RegExp(`^ {2}${name},$`, "m"));
  }
  // issue 9: only some definitions have snake_case fields; the manifest quotes how many (and the docs with it).
  const counts = manifestCounts();
  expect([twins.length, names.length]).toEqual([counts.snakeCaseDefinitions, counts.definitions]);
  expect(twins.length).toBeLessThan(names.length);
  expect(declaredNames(camel).filter((name) => names.includes(name))).toHaveLength(
    counts.snakeCaseDefinitions,
  );
});
