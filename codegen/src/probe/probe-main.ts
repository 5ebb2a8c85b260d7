// `pnpm codegen:probe <method> '<params JSON>'`: what the pinned codex answers to a request whose result
// type the schema leaves out, and which definition to name in codegen/src/result-type-overrides.ts.
import { buildSchemaModel, readSchemaSources } from "../load-schema.js";
import { paramsTypeOf } from "./request-params.js";
import { probeResult } from "./result-probe.js";

const [method, paramsJson = "{}"] = process.argv.slice(2);
if (!method) {
  console.error("usage: pnpm codegen:probe <method> '<params JSON>'");
  process.exit(2);
}
const model = buildSchemaModel({ ...readSchemaSources(), resultTypeOverrides: {} });
const probe = await probeResult(
  model.definitions,
  method,
  JSON.parse(paramsJson),
  paramsTypeOf(model.definitions, method),
);
console.log(`${method} ${paramsJson}`);
if (probe.error !== undefined) {
  console.log(`error: ${JSON.stringify(probe.error)}`);
  console.log("Choose params the binary accepts in a scratch CODEX_HOME (the mock provider is `mock`).");
  process.exit(1);
}
console.log(`result: ${JSON.stringify(probe.result)}`);
console.log(`generate-ts response type: ${probe.generateTsResponse ?? "none"}`);
console.log(`definitions it fits exactly: ${probe.matches.join(", ") || "none"}`);
const pick = probe.generateTsResponse ?? probe.matches[0];
if (pick) {
  console.log(
    `\nAdd to RESULT_TYPE_OVERRIDE_TABLE (codegen/src/result-type-overrides.ts):\n  ${JSON.stringify(method)}: { result: ${JSON.stringify(pick)}, evidence: "…", probeParams: ${paramsJson} },`,
  );
}
