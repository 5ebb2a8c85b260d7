import { spawn } from "node:child_process";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CodexTestEnv, startCodexTestEnv } from "@codex/app-server-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CODEX_VERSION,
  Codex,
  type DoctorCheck,
  type DoctorCheckId,
  type DoctorReport,
  doctor,
} from "../src/index.js";

const T = 60_000;
const SDK_DIR = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(SDK_DIR, "src", "cli", "codex-sdk.ts");
/** A made-up key: it must never show up in any output. */
const SECRET = "sk-doctor-test-0123456789abcdefSECRET";

let env: CodexTestEnv;
let scratch: string;
/** HOME with empty login files, so the login-shell timing does not depend on this machine's ~/.bashrc. */
let quietHome: string;

beforeAll(async () => {
  env = await startCodexTestEnv();
  scratch = await mkdtemp(join(tmpdir(), "codex-doctor-test-"));
  quietHome = await homeWith("quiet-home", "");
}, T);

afterAll(async () => {
  await env?.close();
  await rm(scratch, { recursive: true, force: true });
}, T);

/** A HOME whose .bash_profile and .bashrc hold `script`. */
async function homeWith(name: string, script: string): Promise<string> {
  const home = join(scratch, name);
  await mkdir(home, { recursive: true });
  await writeFile(join(home, ".bash_profile"), script);
  await writeFile(join(home, ".bashrc"), script);
  return home;
}

/** An executable shell script in the scratch dir. */
async function script(name: string, body: string): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

/** The test env's child environment, with a quiet HOME and bash as the login shell. */
function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { ...env.env, HOME: quietHome, SHELL: "/bin/bash", ...extra };
}

function check(report: DoctorReport, id: DoctorCheckId): DoctorCheck {
  const found = report.checks.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no ${id} check in the report`);
  return found;
}

describe("doctor() against the real pinned codex and the mock model", () => {
  it(
    "reports every check ok on a healthy setup, with what it measured",
    async () => {
      const report = await doctor({
        env: baseEnv({ OPENAI_API_KEY: SECRET }),
        cwd: env.workspace,
        listen: "ws://127.0.0.1:0",
      });
      expect(report.checks.map((c) => [c.id, c.status])).toEqual([
        ["binary", "ok"],
        ["app-server", "ok"],
        ["auth", "ok"],
        ["sandbox", "ok"],
        ["login-shell", "ok"],
        ["provider", "ok"],
        ["listen", "ok"],
      ]);
      expect(report).toMatchObject({ ok: true, status: "ok", pinnedVersion: CODEX_VERSION });

      expect(check(report, "binary").measured).toMatchObject({
        version: CODEX_VERSION,
        pinnedVersion: CODEX_VERSION,
        path: env.codexPath,
        source: "runtime-bin package",
      });
      const server = check(report, "app-server").measured;
      expect(server.initializeMs).toBeGreaterThan(0);
      expect(server.serverVersion).toBe(CODEX_VERSION);
      expect(server.codexHome).toBe(env.home.path);
      // The mock provider needs no OpenAI login.
      expect(check(report, "auth").measured).toMatchObject({ method: "none", requiresOpenaiAuth: false });
      expect(check(report, "sandbox").measured).toMatchObject({
        readOnlyRead: "ok",
        readOnlyWriteRefused: true,
        workspaceWriteLanded: true,
        outsideWriteRefused: true,
      });
      const shell = check(report, "login-shell").measured;
      expect(shell).toMatchObject({ shell: "/bin/bash", home: quietHome, exitCode: 0, thresholdMs: 5000 });
      expect(shell.startupMs).toBeGreaterThan(0);
      expect(check(report, "provider").measured).toMatchObject({
        provider: "mock",
        url: `${env.mock.url}/models`,
        httpStatus: expect.any(Number),
      });
      const listen = check(report, "listen").measured;
      expect(listen.address).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      expect(listen.initializeMs).toBeGreaterThan(0);
      expect(report.checks.every((c) => c.fix === undefined)).toBe(true);
      // The API key sits in the env the doctor was given; it appears nowhere in the report.
      expect(JSON.stringify(report)).not.toContain(SECRET);
    },
    T,
  );

  it(
    "names an API-key login without ever showing the key",
    async () => {
      const home = await startCodexTestEnv();
      try {
        const codex = new Codex({ codexPath: home.codexPath, env: home.env, cwd: home.workspace });
        await codex.loginWithApiKey(SECRET);
        await codex.close();
        const report = await doctor({
          env: { ...home.env, HOME: quietHome, OPENAI_API_KEY: SECRET },
          cwd: home.workspace,
          config: { model_provider: "openai" },
          offline: true,
        });
        const auth = check(report, "auth");
        expect(auth.status).toBe("ok");
        expect(auth.measured).toMatchObject({ method: "apiKey", keySource: "codex login" });
        expect(check(report, "provider")).toMatchObject({ status: "skipped" });
        expect(check(report, "provider").summary).toMatch(/offline/);
        expect(JSON.stringify(report)).not.toContain(SECRET);
      } finally {
        await home.close();
      }
    },
    T,
  );

  it(
    "a missing binary fails the binary check, skips what needs it, and returns at once",
    async () => {
      const missing = join(scratch, "no-such-dir", "codex");
      const started = performance.now();
      const report = await doctor({ codexPath: missing, env: baseEnv(), cwd: env.workspace, offline: true });
      expect(performance.now() - started).toBeLessThan(10_000);
      const binary = check(report, "binary");
      expect(binary.status).toBe("fail");
      expect(binary.summary).toContain(missing);
      expect(binary.measured).toMatchObject({ source: "codexPath option", path: missing });
      expect(binary.fix).toMatch(/codexPath/);
      expect(binary.fix).toContain(CODEX_VERSION);
      for (const id of ["app-server", "auth", "sandbox"] as const) {
        expect(check(report, id)).toMatchObject({ status: "skipped" });
        expect(check(report, id).summary).toMatch(/no working codex binary/);
      }
      expect(report).toMatchObject({ ok: false, status: "fail" });
    },
    T,
  );

  it(
    "a binary of another version is named with both versions",
    async () => {
      const old = await script("codex-old", 'echo "codex-cli 0.0.1"');
      const report = await doctor({ codexPath: old, env: baseEnv(), cwd: env.workspace, offline: true });
      const binary = check(report, "binary");
      expect(binary.status).toBe("fail");
      expect(binary.measured).toMatchObject({ version: "0.0.1", pinnedVersion: CODEX_VERSION, path: old });
      expect(binary.summary).toContain("codex 0.0.1");
      expect(binary.summary).toContain(`pins codex ${CODEX_VERSION}`);
      expect(binary.fix).toContain(`@openai/codex@${CODEX_VERSION}`);
      // The script is no app-server: the next check says so instead of hanging.
      expect(check(report, "app-server").status).toBe("fail");

      const [major, minor] = CODEX_VERSION.split(".").map(Number);
      const newerVersion = `${major}.${(minor ?? 0) + 1}.0`;
      const newer = await script("codex-newer", `echo "codex-cli ${newerVersion}"`);
      const newerReport = await doctor({
        codexPath: newer,
        env: baseEnv(),
        cwd: env.workspace,
        offline: true,
      });
      const newerBinary = check(newerReport, "binary");
      expect(newerBinary.status).toBe("warn");
      expect(newerBinary.summary).toContain(`codex ${newerVersion}`);
      expect(newerBinary.summary).toContain(`pins codex ${CODEX_VERSION}`);
    },
    T,
  );

  it(
    "an app-server that never answers fails on its timeout, and the doctor still returns",
    async () => {
      const hanging = await script(
        "codex-hangs",
        `case "$1" in --version) echo "codex-cli ${CODEX_VERSION}";; *) exec sleep 60;; esac`,
      );
      const started = performance.now();
      const report = await doctor({
        codexPath: hanging,
        env: baseEnv(),
        cwd: env.workspace,
        offline: true,
        checkTimeoutMs: 1_500,
      });
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(check(report, "binary").status).toBe("ok");
      const server = check(report, "app-server");
      expect(server).toMatchObject({ status: "fail", summary: "timed out after 1500 ms" });
      expect(server.fix).toBeDefined();
      expect(check(report, "sandbox").status).toBe("skipped");
    },
    T,
  );

  it(
    "a slow login shell warns and names shell_snapshot; one that never finishes is killed and fails",
    async () => {
      const slowHome = await homeWith("slow-home", "sleep 2\n");
      const report = await doctor({
        env: baseEnv({ HOME: slowHome }),
        cwd: env.workspace,
        offline: true,
        shellThresholdMs: 1_000,
      });
      const shell = check(report, "login-shell");
      expect(shell.status).toBe("warn");
      expect(shell.measured).toMatchObject({ home: slowHome, thresholdMs: 1000, exitCode: 0 });
      expect(shell.measured.startupMs).toBeGreaterThanOrEqual(2_000);
      expect(shell.fix).toContain("[features] shell_snapshot = false");
      expect(shell.fix).toContain(join(env.home.path, "config.toml"));
      expect(shell.fix).toContain(".pyenv-shim");

      const stuckHome = await homeWith("stuck-home", "sleep 60\n");
      const started = performance.now();
      const stuck = await doctor({
        env: baseEnv({ HOME: stuckHome }),
        cwd: env.workspace,
        offline: true,
        shellTimeoutMs: 1_500,
      });
      expect(performance.now() - started).toBeLessThan(20_000);
      const stuckShell = check(stuck, "login-shell");
      expect(stuckShell.status).toBe("fail");
      expect(stuckShell.summary).toContain("did not finish within 1500 ms");
      expect(stuckShell.measured.startupMs).toBeNull();
      expect(stuckShell.fix).toContain("shell_snapshot = false");
    },
    T,
  );

  it.runIf(process.platform === "linux")(
    "a sandbox that cannot start (a bwrap that cannot create namespaces) fails the sandbox check with a fix",
    async () => {
      // codex prefers a bwrap on PATH when it passes codex's probes (`--help`, a `/bin/true` run). This one
      // passes them with codex's bundled bwrap, then fails every real command the way a container without
      // user namespaces does.
      const bundled = join(dirname(dirname(env.codexPath)), "codex-resources", "bwrap");
      const bin = join(scratch, "broken-bwrap-bin");
      await mkdir(bin, { recursive: true });
      const bwrap = join(bin, "bwrap");
      await writeFile(
        bwrap,
        [
          "#!/bin/sh",
          'case "$*" in',
          `  --help|*" /bin/true") exec '${bundled}' "$@" ;;`,
          "esac",
          'echo "bwrap: setting up uid map: Permission denied" >&2',
          "exit 1",
          "",
        ].join("\n"),
      );
      await chmod(bwrap, 0o755);
      const report = await doctor({
        env: baseEnv({ PATH: `${bin}:${env.env.PATH ?? ""}` }),
        cwd: env.workspace,
        offline: true,
      });
      const sandbox = check(report, "sandbox");
      expect(sandbox.status).toBe("fail");
      expect(sandbox.summary).toContain("cannot run a command under read-only");
      expect(sandbox.summary).toContain("bwrap: setting up uid map: Permission denied");
      expect(sandbox.measured.mechanism).toBe("bubblewrap (bwrap on PATH)");
      expect(sandbox.fix).toMatch(/bubblewrap/);
      expect(sandbox.fix).toMatch(/user namespaces/);
      expect(report.ok).toBe(false);
    },
    T,
  );

  it(
    "flags a non-loopback listener without auth, without opening it",
    async () => {
      const report = await doctor({
        env: baseEnv(),
        cwd: env.workspace,
        offline: true,
        listen: "ws://0.0.0.0:0",
      });
      const listen = check(report, "listen");
      expect(listen.status).toBe("fail");
      expect(listen.measured).toMatchObject({ listen: "ws://0.0.0.0:0", auth: "none", started: false });
      expect(listen.fix).toContain("--ws-auth capability-token");
    },
    T,
  );
});

/** Runs the CLI from its TypeScript source; resolves with its exit code and output. */
function runCli(
  args: readonly string[],
  childEnv: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "--conditions=source", CLI, ...args], {
      cwd: SDK_DIR,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("codex-sdk doctor (the CLI)", () => {
  it(
    "--json prints the report and exits 0 when nothing failed; the env's API key is not in it",
    async () => {
      const { code, stdout } = await runCli(
        ["doctor", "--json", "--offline"],
        baseEnv({ OPENAI_API_KEY: SECRET, CODEX_API_KEY: SECRET }),
      );
      const report = JSON.parse(stdout) as DoctorReport;
      expect(code).toBe(0);
      expect(report.ok).toBe(true);
      expect(report.pinnedVersion).toBe(CODEX_VERSION);
      expect(report.checks.map((c) => c.id)).toEqual([
        "binary",
        "app-server",
        "auth",
        "sandbox",
        "login-shell",
        "provider",
        "listen",
      ]);
      expect(check(report, "binary").measured.version).toBe(CODEX_VERSION);
      expect(check(report, "provider").status).toBe("skipped");
      expect(stdout).not.toContain(SECRET);
    },
    T,
  );

  it(
    "exits 1 when a check fails, in JSON and in the table",
    async () => {
      const missing = join(scratch, "nowhere", "codex");
      const json = await runCli(["doctor", "--json", "--offline", "--codex-path", missing], baseEnv());
      expect(json.code).toBe(1);
      const report = JSON.parse(json.stdout) as DoctorReport;
      expect(check(report, "binary")).toMatchObject({ status: "fail" });
      expect(check(report, "app-server")).toMatchObject({ status: "skipped" });

      const table = await runCli(["doctor", "--offline", "--codex-path", missing], baseEnv());
      expect(table.code).toBe(1);
      expect(table.stdout).toMatch(/^FAIL\s+codex binary\s+no codex binary/m);
      expect(table.stdout).toMatch(/^skip\s+app-server start/m);
      expect(table.stdout).toMatch(/fix: Point codexPath/);
      expect(table.stdout).toContain("Some checks FAILED");
    },
    T,
  );

  it("rejects an unknown command with exit 2 and the usage", async () => {
    const { code, stderr } = await runCli(["doctr"], baseEnv());
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command doctr");
    expect(stderr).toContain("Usage: codex-sdk doctor");
  });
});
