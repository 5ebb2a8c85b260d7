// The switch users make: "@openai/codex-sdk": "npm:@codex/exec-compat@<version>" in a fresh app, no code
// change. The packages are built and packed, served by a local npm registry on 127.0.0.1 (the consumer
// test's), installed with npm under the alias, and a program written for the original runs a turn
// against the mock. Nothing leaves 127.0.0.1: third-party dependencies are linked from this workspace
// and the platform binary packages (optional) are not installed; the program is given the pinned binary.
import { execFile } from "node:child_process";
import { realpathSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { reply } from "@codex/app-server-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalRegistry } from "../../../scripts/consumer/local-registry.js";
import { readTarball } from "../../../scripts/consumer/tarball.js";
import { useCompatEnv } from "./support/compat-env.js";

const run = promisify(execFile);
const fx = useCompatEnv();
const repoRoot = join(import.meta.dirname, "..", "..", "..");
const PACKED = ["runtime", "protocol", "sdk", "exec-compat"];
let work: string;

/** Where pnpm installed a dependency of one of our packages (its real folder in the store). */
function dependencyDir(fromPackage: string, name: string): string {
  return realpathSync(join(repoRoot, "packages", fromPackage, "node_modules", name));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "compat-alias-"));
  // pnpm builds them in dependency order (not turbo: this test may itself run under `turbo run test`).
  const filters = PACKED.map((dir) => `--filter=./packages/${dir}`);
  await run("pnpm", [...filters, "run", "build"], { cwd: repoRoot });
  for (const dir of PACKED) {
    await run("pnpm", ["pack", "--pack-destination", work], { cwd: join(repoRoot, "packages", dir) });
  }
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('"@openai/codex-sdk": "npm:@codex/exec-compat@<version>"', () => {
  it("installs under the alias and runs a program written for the original, unchanged", async () => {
    const tarballs = (await readdir(work)).filter((file) => file.endsWith(".tgz"));
    const registry = await startLocalRegistry({
      tarballs: tarballs.map((file) => readTarball(join(work, file))),
      // Anything not ours must not be fetched: a dead upstream makes any attempt fail.
      upstream: "https://127.0.0.1:9/",
    });
    try {
      const version = JSON.parse(
        await readFile(join(import.meta.dirname, "..", "package.json"), "utf8"),
      ).version;
      const app = join(work, "app");
      await mkdir(app);
      const thirdParty = ["ajv", "vscode-jsonrpc", "ws", "@types/ws"];
      await writeFile(
        join(app, "package.json"),
        JSON.stringify({
          name: "alias-app",
          version: "1.0.0",
          private: true,
          type: "module",
          dependencies: { "@openai/codex-sdk": `npm:@codex/exec-compat@${version}` },
          overrides: Object.fromEntries(
            thirdParty.map((name) => [name, `file:${dependencyDir("protocol", name)}`]),
          ),
        }),
      );
      await run(
        "npm",
        [
          "install",
          "--omit=optional",
          "--ignore-scripts",
          "--no-audit",
          "--no-fund",
          "--cache",
          join(work, "npm-cache"),
        ],
        { cwd: app, env: { ...process.env, npm_config_registry: registry.url } },
      );
      const installed = JSON.parse(
        await readFile(join(app, "node_modules", "@openai", "codex-sdk", "package.json"), "utf8"),
      );
      expect(installed).toMatchObject({ name: "@codex/exec-compat", version });

      // The README quickstart of @openai/codex-sdk, plus the test's binary and CODEX_HOME.
      await writeFile(
        join(app, "main.mjs"),
        [
          'import { Codex } from "@openai/codex-sdk";',
          "const codex = new Codex({ codexPathOverride: process.env.TEST_CODEX_PATH, env: JSON.parse(process.env.TEST_ENV) });",
          "const thread = codex.startThread({ workingDirectory: process.env.TEST_WORKSPACE });",
          'const turn = await thread.run("Diagnose the test failure and propose a fix");',
          "console.log(JSON.stringify({ id: thread.id, finalResponse: turn.finalResponse, usage: turn.usage }));",
        ].join("\n"),
      );
      fx.env.mock.enqueue(reply.message("Fixed it"));
      const { stdout } = await run(process.execPath, ["main.mjs"], {
        cwd: app,
        env: {
          ...process.env,
          TEST_CODEX_PATH: fx.env.codexPath,
          TEST_ENV: JSON.stringify(fx.env.env),
          TEST_WORKSPACE: fx.env.workspace,
        },
        timeout: 60_000,
      });
      const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
      expect(result.finalResponse).toBe("Fixed it");
      expect(result.id).toEqual(expect.any(String));
      expect(result.usage).toMatchObject({ input_tokens: 10, output_tokens: 5 });
      expect(registry.log.filter((line) => line.includes("(proxied)"))).toEqual([]);
    } finally {
      await registry.close();
    }
  }, 180_000);
});
