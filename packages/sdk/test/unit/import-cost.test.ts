import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
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

test("the SDK's entry is one file that imports no other file; the engine and the connection load on first use", async () => {
  // The published entry as scripts/bundle-package.mjs builds it (an isolated entry, package.json's
  // codexBundle), here from the sources.
  const { build } = await import("esbuild");
  const { isolatedEntryPlugin } = (await import(
    fileURLToPath(new URL("../../../../scripts/bundle/isolated-entry.mjs", import.meta.url))
  )) as { isolatedEntryPlugin: (options: object) => import("esbuild").Plugin };
  const packageDir = fileURLToPath(new URL("../..", import.meta.url));
  const manifest = JSON.parse(readFileSync(`${packageDir}/package.json`, "utf8")) as {
    codexBundle: { isolate: Record<string, { inline: string[] }> };
  };
  const lazy = new Map<string, string>();
  const result = await build({
    entryPoints: [{ in: SDK_ENTRY, out: "index" }],
    bundle: true,
    write: false,
    metafile: true,
    format: "esm",
    platform: "node",
    packages: "external",
    outdir: "out",
    logLevel: "silent",
    plugins: [
      isolatedEntryPlugin({
        packageDir,
        entryOut: "index",
        inline: manifest.codexBundle.isolate["."]?.inline ?? [],
        conditions: ["source"],
        lazy,
      }),
    ],
  });
  const outputs = Object.values(result.metafile.outputs);
  expect(outputs).toHaveLength(1);
  const imports = outputs[0]?.imports ?? [];
  const staticImports = imports
    .filter((entry) => entry.kind === "import-statement" && !entry.path.startsWith("node:"))
    .map((entry) => entry.path);
  expect(staticImports).toEqual([]);
  const dynamicImports = imports
    .filter((entry) => entry.kind === "dynamic-import")
    .map((entry) => entry.path);
  expect(dynamicImports).toEqual(expect.arrayContaining(["./engine.js", "@codex/app-server-protocol"]));
  expect([...lazy.keys()]).toContain("engine");
  // What a client runs is in the engine, not in the entry.
  const inputs = Object.keys(outputs[0]?.inputs ?? {});
  for (const engineModule of ["client/session.ts", "client/codex.ts", "thread.ts", "turn/turn-handle.ts"]) {
    expect(inputs.filter((input) => input.endsWith(`sdk/src/${engineModule}`))).toEqual([]);
  }
}, 60_000);
