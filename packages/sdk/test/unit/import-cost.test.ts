import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const SDK_ENTRY = fileURLToPath(new URL("../../src/index.ts", import.meta.url));
/** What `run(input, { outputSchema })` calls; internal, so the probe imports its module directly. */
const OUTPUT_SCHEMA = fileURLToPath(new URL("../../src/structured-output/output-schema.ts", import.meta.url));

/**
 * In a fresh process: import the SDK, then use structured output, then open a WebSocket transport to a
 * closed port. Reports which of the heavy optional dependencies were loaded after each step.
 */
const probe = `
const { createRequire } = await import("node:module");
const HEAVY = ["ajv", "ws", "vscode-jsonrpc"];
const loaded = () => HEAVY.filter((name) =>
  Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes("/node_modules/" + name + "/")));
const sdk = await import(${JSON.stringify(SDK_ENTRY)});
const atImport = loaded();
new sdk.Codex();
const afterNewCodex = loaded();
const { prepareOutputSchema } = await import(${JSON.stringify(OUTPUT_SCHEMA)});
prepareOutputSchema({ type: "object", properties: { ok: { type: "boolean" } }, required: ["ok"] });
const afterOutputSchema = loaded();
await sdk.webSocketTransport({ url: "ws://127.0.0.1:9", connectTimeoutMs: 2000 }).start().catch(() => {});
const afterWebSocket = loaded();
console.log(JSON.stringify({ atImport, afterNewCodex, afterOutputSchema, afterWebSocket }));
`;

test("a default import loads none of ajv, ws, vscode-jsonrpc; each loads when its feature is used", () => {
  const output = execFileSync(
    process.execPath,
    ["--import", "tsx", "--conditions=source", "--input-type=module", "-e", probe],
    { encoding: "utf8", cwd: fileURLToPath(new URL("../..", import.meta.url)) },
  );
  const result = JSON.parse(output.trim().split("\n").at(-1) ?? "") as Record<string, string[]>;
  expect(result).toEqual({
    atImport: [],
    afterNewCodex: [],
    afterOutputSchema: ["ajv"],
    afterWebSocket: ["ajv", "ws"],
  });
}, 60_000);

test("the SDK's entry loads the protocol's light entry; the connection and case adapters load on connect", async () => {
  // What the published bundle imports, as scripts/bundle-package.mjs builds it: esbuild, packages external.
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [SDK_ENTRY],
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "node",
    packages: "external",
    outdir: "out",
    logLevel: "silent",
  });
  const [output] = Object.values(result.metafile.outputs);
  const imports = (output?.imports ?? [])
    .filter((entry) => entry.path.startsWith("@codex/app-server-protocol"))
    .map((entry) => `${entry.kind} ${entry.path}`);
  expect([...new Set(imports)].sort()).toEqual([
    "dynamic-import @codex/app-server-protocol",
    "import-statement @codex/app-server-protocol/light",
  ]);
}, 60_000);
