// One fresh app that installs the packed packages from the local registry with npm or pnpm, then
// typechecks, runs, imports and requires them as a user would.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { appFiles, QUICKSTART_REPLY, STREAMING_REPLY } from "./app-files.js";
import { type Report, run } from "./report.js";

export type PackageManager = "npm" | "pnpm";

export interface ConsumerAppOptions {
  readonly manager: PackageManager;
  readonly dir: string;
  readonly registryUrl: string;
  /** npm's cache, kept between runs: the ~150 MB codex tarball is downloaded once. */
  readonly npmCacheDir: string;
  readonly repoRoot: string;
  readonly dependencies: Record<string, string>;
  readonly typesNodeVersion: string;
  readonly snippets: Record<string, string>;
  readonly entryPoints: Record<string, readonly string[]>;
  /** This machine's runtime-bin package and official binary package names. */
  readonly platformPackage: string;
  readonly binaryPackage: string;
  readonly report: Report;
}

export async function checkConsumerApp(options: ConsumerAppOptions): Promise<void> {
  const { manager, dir, report } = options;
  const label = (what: string) => `[${manager}] ${what}`;
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(appFiles(options))) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  // Our registry for everything: it serves @codex/* itself and proxies the rest.
  writeFileSync(join(dir, ".npmrc"), `registry=${options.registryUrl}\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_registry: options.registryUrl };
  delete env.npm_config_user_agent;
  const installArgs =
    manager === "npm"
      ? ["install", "--no-audit", "--no-fund", "--cache", options.npmCacheDir]
      : [
          "install",
          "--no-frozen-lockfile",
          // A fresh metadata cache: a cached @codex packument from an earlier run could name other bytes.
          // Tarballs come from the machine's pnpm store (which holds the codex binary after pnpm install).
          `--config.cache-dir=${join(dir, ".pnpm-cache")}`,
          "--config.confirm-modules-purge=false",
        ];
  const installed = await report.check(label("install the packed packages from the local registry"), () =>
    run(manager, installArgs, { cwd: dir, env, timeoutMs: 600_000 }).then(() => ""),
  );
  if (!installed) return;

  await report.check(label(`only this platform's codex binary is installed (${options.binaryPackage})`), () =>
    assertOnlyThisPlatform(manager, dir, options.platformPackage, options.binaryPackage),
  );

  const tsc = join(options.repoRoot, "node_modules", "typescript", "bin", "tsc");
  const strict = "strict, skipLibCheck false, exactOptionalPropertyTypes";
  for (const resolution of ["nodenext", "bundler"]) {
    await report.check(
      label(`README quickstart and streaming snippets typecheck (${strict}, ${resolution})`),
      () => run(process.execPath, [tsc, "-p", `tsconfig.${resolution}.json`], { cwd: dir }).then(() => ""),
    );
  }
  for (const resolution of ["nodenext", "bundler"]) {
    await report.check(
      label(`every published entry point's declarations typecheck (${strict}, ${resolution})`),
      () =>
        run(process.execPath, [tsc, "-p", `tsconfig.entry-points.${resolution}.json`], { cwd: dir }).then(
          () => "",
        ),
    );
  }

  const runChecks: [string, string][] = [
    ["quickstart", QUICKSTART_REPLY],
    ["streaming", STREAMING_REPLY],
  ];
  for (const [snippet, expected] of runChecks) {
    await report.check(
      label(
        `the ${snippet} snippet, compiled by tsc (target esnext), runs a turn on Node ${process.versions.node} against the mock`,
      ),
      async () => {
        const { stdout } = await run(process.execPath, ["run-snippet.mjs", snippet], {
          cwd: dir,
          timeoutMs: 120_000,
        });
        if (!stdout.includes(expected)) throw new Error(`the output lacks the model's answer:\n${stdout}`);
        if (!/completed/.test(stdout))
          throw new Error(`the output does not say the turn completed:\n${stdout}`);
      },
    );
  }

  await report.check(
    label(
      `\`await using codex = new Codex()\` compiled for target es2022 runs on Node ${process.versions.node}`,
    ),
    async () => {
      await run(process.execPath, [tsc, "-p", "tsconfig.await-using.json"], { cwd: dir });
      const { stdout } = await run(process.execPath, ["run-snippet.mjs", "await-using"], {
        cwd: dir,
        timeoutMs: 120_000,
      });
      if (!stdout.includes(QUICKSTART_REPLY) || !stdout.includes("status: completed")) {
        throw new Error(`the turn did not complete:\n${stdout}`);
      }
    },
  );

  await report.check(
    label("`npx codex-sdk doctor --json --offline` (the bin of @codex/app-server-sdk)"),
    async () => {
      const { stdout } = await run(process.execPath, ["run-doctor.mjs"], { cwd: dir, timeoutMs: 180_000 });
      const { status, report: doctorReport } = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as {
        status: number | null;
        report: { ok: boolean; checks: { id: string; status: string; summary: string }[] };
      };
      const byId = new Map(doctorReport.checks.map((check) => [check.id, check]));
      const problems = [
        status === 0 ? undefined : `exit code ${status}`,
        ...["binary", "app-server", "auth", "sandbox"].map((id) =>
          byId.get(id)?.status === "ok" ? undefined : `${id}: ${JSON.stringify(byId.get(id))}`,
        ),
        byId.get("provider")?.status === "skipped" ? undefined : "provider: not skipped with --offline",
      ].filter(Boolean);
      if (problems.length > 0) throw new Error(problems.join("\n"));
      return byId.get("binary")?.summary ?? "";
    },
  );
  await report.check(
    label('a turn on `transport: { type: "shared" }`, then `npx codex-sdk server status --json|stop`'),
    async () => {
      const { stdout } = await run(process.execPath, ["run-shared-server.mjs"], {
        cwd: dir,
        timeoutMs: 180_000,
      });
      const seen = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as {
        answer: string;
        status: { running: boolean; clients: number; codexVersion?: string };
        stop: string;
        runningAfterStop: boolean;
      };
      const problems = [
        seen.answer === "Consumer shared-server answer." ? undefined : `answer: ${seen.answer}`,
        seen.status.running && seen.status.clients === 1
          ? undefined
          : `status: ${JSON.stringify(seen.status)}`,
        seen.stop === "shared server stopped" ? undefined : `stop: ${seen.stop}`,
        seen.runningAfterStop ? "still running after stop" : undefined,
      ].filter(Boolean);
      if (problems.length > 0) throw new Error(problems.join("\n"));
      return `codex ${seen.status.codexVersion ?? "?"} behind the installed supervisor`;
    },
  );
  await report.check(
    label("what the engine hands out and throws is instanceof the classes the app imported"),
    async () => {
      const { stdout } = await run(process.execPath, ["run-identity.mjs"], { cwd: dir, timeoutMs: 120_000 });
      const seen = JSON.parse(stdout.trim().split("\n").at(-1) ?? "") as {
        threadBeforeLoad: boolean;
        thread: boolean;
        turn: boolean;
        answer: string;
        engineError: { name: string; own: boolean; codexError: boolean };
        protocolError: { name: string; own: boolean; codexError: boolean };
        binarySource: string;
      };
      const problems = [
        seen.threadBeforeLoad ? "{} instanceof Thread before the engine loaded" : undefined,
        seen.thread && seen.turn ? undefined : `thread ${seen.thread}, turn ${seen.turn}`,
        seen.answer === "Consumer identity answer." ? undefined : `answer: ${seen.answer}`,
        seen.binarySource === "platform-package" ? undefined : `resolveCodexBinary: ${seen.binarySource}`,
        ...[seen.engineError, seen.protocolError].map((error) =>
          error.own && error.codexError ? undefined : `error: ${JSON.stringify(error)}`,
        ),
      ].filter(Boolean);
      if (problems.length > 0) throw new Error(problems.join("\n"));
      return `${seen.engineError.name} (engine) and ${seen.protocolError.name} (protocol) match`;
    },
  );
  await report.check(label("import() every installed @codex package from ESM"), async () => {
    return (await run(process.execPath, ["import-check.mjs"], { cwd: dir })).stdout.trim();
  });
  await report.check(label("import with --conditions=source (no unpublished source condition)"), async () => {
    await run(process.execPath, ["--conditions=source", "import-check.mjs"], { cwd: dir });
  });
  await report.check(
    label(`require() every installed @codex package from CommonJS (Node ${process.versions.node})`),
    async () => {
      return (
        await run(process.execPath, ["--no-warnings", "require-check.cjs"], { cwd: dir })
      ).stdout.trim();
    },
  );
}

function assertOnlyThisPlatform(
  manager: PackageManager,
  dir: string,
  platformPackage: string,
  binaryPackage: string,
): string {
  const modules = join(dir, "node_modules");
  // npm hoists everything into node_modules/; pnpm keeps one folder per package in node_modules/.pnpm.
  const found =
    manager === "npm"
      ? [
          ...readdirSync(join(modules, "@codex")).map((name) => `@codex/${name}`),
          ...readdirSync(join(modules, "@openai")).map((name) => `@openai/${name}`),
        ]
      : readdirSync(join(modules, ".pnpm"))
          .filter((name) => name.startsWith("@codex+runtime-bin-") || name.startsWith("@openai+codex@"))
          .map((name) => name.replace("+", "/"));
  const runtimeBins = found.filter((name) => name.startsWith("@codex/runtime-bin-"));
  const binaries = found.filter((name) => name.startsWith("@openai/codex"));
  const platform = platformPackage.replace("@codex/runtime-bin-", "");
  if (runtimeBins.length !== 1 || !runtimeBins[0]?.startsWith(platformPackage)) {
    throw new Error(
      `runtime-bin packages installed: ${runtimeBins.join(", ") || "none"}; want ${platformPackage}`,
    );
  }
  // npm installs the binary under its alias (@openai/codex-<platform>); pnpm's folder names the real
  // package and version (@openai/codex@<v>-<platform>).
  const expected = manager === "npm" ? binaryPackage : `-${platform}`;
  if (binaries.length !== 1 || !binaries[0]?.endsWith(expected)) {
    throw new Error(
      `codex binary packages installed: ${binaries.join(", ") || "none"}; want only ${binaryPackage}`,
    );
  }
  return `${runtimeBins[0]} + ${binaries[0]}`;
}
