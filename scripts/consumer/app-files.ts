// The files of a fresh consumer app: the README snippets as a user pastes them, the compiler settings a
// strict user has, and small scripts that import, require and run the installed packages.

/** What the mock model answers, so the run checks can find it in the output. */
export const QUICKSTART_REPLY = "Consumer quickstart answer.";
export const STREAMING_REPLY = "Consumer streaming answer, delta by delta.";

const strictOptions = {
  strict: true,
  skipLibCheck: false,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  // What `tsc --init` picks: emitted as is, so syntax Node 20 lacks would fail at run time.
  target: "esnext",
  lib: ["esnext"],
  types: ["node"],
};

export function appFiles(options: {
  dependencies: Record<string, string>;
  typesNodeVersion: string;
  snippets: Record<string, string>;
  /** Installed @codex packages with the named exports each must have. */
  entryPoints: Record<string, readonly string[]>;
}): Record<string, string> {
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: Record<string, string> = {
    "package.json": json({
      name: "codex-consumer-app",
      private: true,
      type: "module",
      dependencies: options.dependencies,
      devDependencies: { "@types/node": options.typesNodeVersion },
    }),
    "tsconfig.nodenext.json": json({
      compilerOptions: {
        ...strictOptions,
        module: "nodenext",
        moduleResolution: "nodenext",
        rootDir: "src",
        outDir: "dist",
      },
      include: ["src"],
    }),
    "tsconfig.bundler.json": json({
      compilerOptions: { ...strictOptions, module: "esnext", moduleResolution: "bundler", noEmit: true },
      include: ["src"],
    }),
    "tsconfig.entry-points.nodenext.json": json({
      compilerOptions: { ...strictOptions, module: "nodenext", moduleResolution: "nodenext", noEmit: true },
      files: ["types/entry-points.ts"],
    }),
    "tsconfig.entry-points.bundler.json": json({
      compilerOptions: { ...strictOptions, module: "esnext", moduleResolution: "bundler", noEmit: true },
      files: ["types/entry-points.ts"],
    }),
    // The documented condition for `await using` on Node 20: TypeScript rewrites it below target esnext.
    "tsconfig.await-using.json": json({
      compilerOptions: {
        ...strictOptions,
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        rootDir: "using",
        outDir: "dist",
      },
      include: ["using"],
    }),
    "using/await-using.ts": AWAIT_USING,
    "run-snippet.mjs": RUN_SNIPPET,
    "run-doctor.mjs": RUN_DOCTOR,
    "run-shared-server.mjs": RUN_SHARED_SERVER,
    "run-identity.mjs": RUN_IDENTITY,
    "import-check.mjs": `import assert from "node:assert/strict";
const entryPoints = ${JSON.stringify(options.entryPoints)};
const modules = new Map();
for (const [name, names] of Object.entries(entryPoints)) {
  const module = await import(name);
  modules.set(name, module);
  for (const exported of names) assert.ok(exported in module, \`\${name} exports \${exported}\`);
}
// A subpath that re-exports a name of its package's main entry gives the very same value (one class, so
// instanceof holds whichever entry an app imported it from).
let shared = 0;
for (const [name, module] of modules) {
  const main = modules.get(name.split("/").slice(0, 2).join("/"));
  if (!main || main === module) continue;
  for (const [exported, value] of Object.entries(module)) {
    if (!(exported in main)) continue;
    assert.equal(value, main[exported], \`\${name} and its main entry export different \${exported}\`);
    shared++;
  }
}
console.log(\`imported \${Object.keys(entryPoints).join(", ")}; \${shared} names shared with a main entry are identical\`);
`,
    "require-check.cjs": `const assert = require("node:assert/strict");
const entryPoints = ${JSON.stringify(options.entryPoints)};
for (const [name, names] of Object.entries(entryPoints)) {
  const module = require(name);
  for (const exported of names) assert.ok(exported in module, \`\${name} exports \${exported}\`);
}
assert.equal(typeof require("@codex/app-server-sdk").Codex, "function");
console.log(\`required \${Object.keys(entryPoints).join(", ")}\`);
`,
  };
  for (const [name, text] of Object.entries(options.snippets)) files[`src/${name}.ts`] = text;
  // Every published entry point's declarations, checked under the same strict settings.
  files["types/entry-points.ts"] = Object.keys(options.entryPoints)
    .map(
      (specifier, i) =>
        `import type * as entry${i} from ${JSON.stringify(specifier)};\nexport type { entry${i} };\n`,
    )
    .join("");
  return files;
}

const AWAIT_USING = `import { Codex } from "@codex/app-server-sdk";

await using codex = new Codex();
const thread = await codex.startThread({ sandbox: "read-only" });
const result = await thread.run("Summarize the README in one sentence.");
console.log(result.finalResponse);
console.log(\`status: \${result.status}\`);
`;

// Runs a compiled snippet (dist/<name>.js) against the installed mock Responses API: the same
// set-up as examples/support/example-env.ts, from the published packages.
const RUN_SNIPPET = `import { reply, startCodexTestEnv } from "@codex/app-server-testing";

const name = process.argv[2];
const env = await startCodexTestEnv({ config: { features: { shell_snapshot: false } } });
env.mock.enqueue(
  name === "streaming"
    ? reply.message(${JSON.stringify(STREAMING_REPLY)}, { deltas: "auto" })
    : reply.message(${JSON.stringify(QUICKSTART_REPLY)}),
);
for (const key of Object.keys(process.env)) {
  if (key.startsWith("CODEX_") || key.startsWith("OPENAI_")) delete process.env[key];
}
Object.assign(process.env, env.home.env);
process.chdir(env.workspace);
try {
  await import(new URL(\`./dist/\${name}.js\`, import.meta.url).href);
} finally {
  await env.close();
}
`;

/**
 * `npx codex-sdk doctor --json --offline` as a user runs it, in a CODEX_HOME that points codex at the mock
 * model; prints the command's exit code and its JSON report.
 */
const RUN_DOCTOR = `import { spawnSync } from "node:child_process";
import { startCodexTestEnv } from "@codex/app-server-testing";

const env = await startCodexTestEnv({ config: { features: { shell_snapshot: false } } });
try {
  const childEnv = { ...process.env };
  for (const key of Object.keys(childEnv)) {
    if (key.startsWith("CODEX_") || key.startsWith("OPENAI_")) delete childEnv[key];
  }
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const run = spawnSync(npx, ["--no-install", "codex-sdk", "doctor", "--json", "--offline"], {
    cwd: process.cwd(),
    env: { ...childEnv, ...env.home.env },
    encoding: "utf8",
    shell: process.platform === "win32",
    timeout: 120_000,
  });
  if (run.error) throw run.error;
  process.stderr.write(run.stderr);
  console.log(JSON.stringify({ status: run.status, report: JSON.parse(run.stdout) }));
} finally {
  await env.close();
}
`;

/**
 * A turn on `transport: { type: "shared" }` from the installed SDK: the supervisor is the installed bin
 * (`codex-sdk server run`); `npx codex-sdk server status --json` and `server stop` then see and stop it.
 * Prints the answer, the status and the stop output as one JSON line.
 */
const RUN_SHARED_SERVER = `import { spawnSync } from "node:child_process";
import { Codex } from "@codex/app-server-sdk";
import { reply, startCodexTestEnv } from "@codex/app-server-testing";

const env = await startCodexTestEnv({ config: { features: { shell_snapshot: false } } });
const cli = (args) => {
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const run = spawnSync(npx, ["--no-install", "codex-sdk", "server", ...args, "--codex-home", env.home.path], {
    encoding: "utf8",
    shell: process.platform === "win32",
    timeout: 60_000,
  });
  if (run.error) throw run.error;
  process.stderr.write(run.stderr);
  return run.stdout;
};
try {
  env.mock.enqueue(reply.message("Consumer shared-server answer."));
  const codex = new Codex({
    codexPath: env.codexPath,
    env: env.env,
    cwd: env.workspace,
    transport: { type: "shared", idleTimeoutMs: 60_000 },
  });
  let answer;
  let status;
  try {
    answer = (await (await codex.startThread()).run("hello")).finalResponse;
    status = JSON.parse(cli(["status", "--json"]));
  } finally {
    await codex.close();
  }
  const stop = cli(["stop"]).trim();
  const after = JSON.parse(cli(["status", "--json"]));
  console.log(JSON.stringify({ answer, status, stop, runningAfterStop: after.running }));
} finally {
  await env.close();
}
`;

/**
 * The installed SDK's entry is one file and its engine another (scripts/bundle-package.mjs), each with
 * copies of the error classes: what the engine hands out and throws must still be instanceof the
 * classes the app imported. Prints what it saw as one JSON line.
 */
const RUN_IDENTITY = `import * as sdk from "@codex/app-server-sdk";
import { reply, startCodexTestEnv } from "@codex/app-server-testing";

const caught = async (promise) => promise.then(() => undefined, (error) => error);
const classes = (error) => ({
  name: error?.name,
  own: error instanceof sdk[error?.name],
  codexError: error instanceof sdk.CodexError,
});
const env = await startCodexTestEnv({ config: { features: { shell_snapshot: false } } });
try {
  const threadBeforeLoad = {} instanceof sdk.Thread;
  const codex = new sdk.Codex({ codexPath: env.codexPath, env: env.env, cwd: env.workspace });
  try {
    env.mock.enqueue(reply.message("Consumer identity answer."));
    const thread = await codex.startThread();
    const turn = thread.turn("hello");
    const answer = (await turn.result()).finalResponse;
    console.log(JSON.stringify({
      threadBeforeLoad,
      thread: thread instanceof sdk.Thread,
      turn: turn instanceof sdk.TurnHandle,
      answer,
      engineError: classes(await caught(thread.run(""))),
      protocolError: classes(await caught(codex.readThread("00000000-0000-4000-8000-000000000000"))),
      // The entry's inlined copy of the runtime's resolver still finds the runtime's platform package.
      binarySource: sdk.resolveCodexBinary({ env: {}, searchPath: false }).source,
    }));
  } finally {
    await codex.close();
  }
} finally {
  await env.close();
}
`;
