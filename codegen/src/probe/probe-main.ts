// `pnpm codegen:probe [--codex <version>] <method> '<params JSON>'`: what codex answers to a request whose
// result type the schema leaves out, and which definition to name in codegen/src/result-type-overrides.ts.
// Without --codex it asks the pinned binary with schemas/; with it, that release (fetched with npm pack)
// with its own schema, which is what a rolled-back `pnpm codex:upgrade` needs.
import { CODEX_VERSION } from "@codex/runtime";
import { buildSchemaModel, readSchemaSources } from "../load-schema.js";
import { fetchCodexBinary, schemaModelFromBinary } from "./binary-schema.js";
import { paramsTypeOf } from "./request-params.js";
import { probeResult } from "./result-probe.js";

const args = process.argv.slice(2);
const versionFlag = args.indexOf("--codex");
const version = versionFlag >= 0 ? args.splice(versionFlag, 2)[1] : undefined;
const [method, paramsJson = "{}"] = args;
if (!method || (versionFlag >= 0 && !version)) {
  console.error("usage: pnpm codegen:probe [--codex <version>] <method> '<params JSON>'");
  process.exit(2);
}
const fetched = version && version !== CODEX_VERSION ? fetchCodexBinary(version) : undefined;
process.on("exit", () => fetched?.remove());
const codexPath = fetched?.path;
const model = codexPath
  ? schemaModelFromBinary(codexPath, version ?? CODEX_VERSION)
  : buildSchemaModel({ ...readSchemaSources(), resultTypeOverrides: {} });
const probe = await probeResult(
  model.definitions,
  method,
  JSON.parse(paramsJson),
  paramsTypeOf(model.definitions, method),
  codexPath,
);
console.log(`codex ${model.codexVersion}: ${method} ${paramsJson}`);
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
