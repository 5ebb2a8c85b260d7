import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";
import { generatedDir } from "../src/paths.js";

/**
 * Runs in a fresh process: import the generated barrel (which leaves the validators and their schema data
 * out), then the validators, then validate once. ajv must load only at the first validation. Timings are
 * printed, not asserted.
 */
const probe = `
const { createRequire } = await import("node:module");
const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes("/ajv/"));
const started = performance.now();
const generated = await import(${JSON.stringify(join(generatedDir, "index.ts"))});
const imported = performance.now();
const ajvAtImport = loaded();
const barrelHasValidators = "validateClientRequestParams" in generated;
const validators = await import(${JSON.stringify(join(generatedDir, "validators.ts"))});
const ajvAtValidatorsImport = loaded();
const outcome = validators.validateClientRequestParams("thread/start", { ephemeral: true });
const validated = performance.now();
console.log(JSON.stringify({ ajvAtImport, barrelHasValidators, ajvAtValidatorsImport, ajvAfterValidate: loaded(), ok: outcome.ok,
  importMs: imported - started, firstValidationMs: validated - imported }));
`;

test("importing the generated code does not load ajv; the first validation does", () => {
  const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", probe], {
    encoding: "utf8",
    cwd: join(generatedDir, ".."),
  });
  const result = JSON.parse(output.trim().split("\n").at(-1)!) as Record<string, unknown>;
  console.log(
    `import of src/generated (through tsx): ${Number(result.importMs).toFixed(1)} ms; ` +
      `first validation (loads ajv, parses the schema, compiles one method): ${Number(result.firstValidationMs).toFixed(1)} ms`,
  );
  expect(result).toMatchObject({
    ajvAtImport: false,
    barrelHasValidators: false,
    ajvAtValidatorsImport: false,
    ajvAfterValidate: true,
    ok: true,
  });
}, 60_000);
