// Every result type override is confirmed on the real pinned binary: the method, called with the entry's
// probe params in a scratch CODEX_HOME, answers with exactly the shape of the named definition.
import { describe, expect, test } from "vitest";
import { paramsTypeOf } from "../../src/probe/request-params.js";
import { probeResult } from "../../src/probe/result-probe.js";
import { RESULT_TYPE_OVERRIDE_TABLE } from "../../src/result-type-overrides.js";
import { schemaModel } from "../support/schema-model.js";

const model = schemaModel();

describe("result type overrides on the real codex", () => {
  test.each(Object.entries(RESULT_TYPE_OVERRIDE_TABLE))(
    "%s answers with its override's shape",
    async (method, entry) => {
      const probe = await probeResult(
        model.definitions,
        method,
        entry.probeParams,
        paramsTypeOf(model.definitions, method),
      );
      expect(probe.error).toBeUndefined();
      expect(probe.matches).toContain(entry.result);
      // The binary's own ts-rs output, where it names a response, must agree with the override.
      if (probe.generateTsResponse !== undefined) expect(probe.generateTsResponse).toBe(entry.result);
    },
    60_000,
  );
});
