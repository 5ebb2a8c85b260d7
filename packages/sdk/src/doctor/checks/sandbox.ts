/**
 * Check 4: the sandbox really works. Tiny commands through `command/exec`: under read-only a read must
 * work and a write must be refused; under workspace-write a write inside a temp workspace must land (checked
 * on disk) and one outside it must be refused. Catches bwrap / user-namespace / landlock / seatbelt trouble.
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, realpath, writeFile } from "node:fs/promises";
import type { Camel } from "@codex/app-server-protocol";
import type { Codex } from "../../entry/codex.js";
import { type CheckDefinition, type CheckOutcome, messageOf, roundMs, tailLines } from "../check.js";
import type { DoctorContext } from "../context.js";
import { delimiter, join, relative } from "../path.js";
import { needsServer } from "./app-server.js";

/** Server-side timeout of each probe command. */
const PROBE_TIMEOUT_MS = 10_000;

interface Probe {
  readonly exitCode: number | null;
  /** stdout + stderr, or the error codex answered with. */
  readonly output: string;
  readonly stdout: string;
}

export const sandboxCheck: CheckDefinition = {
  id: "sandbox",
  title: "sandbox",
  skipReason: (ctx) =>
    needsServer(ctx) ??
    (process.platform === "win32" ? "skipped: the sandbox probe is not implemented on Windows" : undefined),
  timeoutMs: (ctx) => ctx.options.checkTimeoutMs,
  timeoutFix: `A sandboxed command did not finish; ${platformFix()}`,
  async run(ctx, signal): Promise<CheckOutcome> {
    const codex = ctx.codex;
    if (!codex) throw new Error("no server");
    const started = performance.now();
    const workspace = await ctx.tempDir("codex-doctor-workspace-");
    const outside = await ctx.tempDir("codex-doctor-outside-");
    const nonce = randomUUID();
    const readTarget = join(workspace, "read-probe.txt");
    await writeFile(readTarget, nonce);
    const exec = (argv: readonly string[], sandboxPolicy: Camel.SandboxPolicy) =>
      probe(codex, argv, sandboxPolicy, workspace, signal);
    const readOnly: Camel.SandboxPolicy = { type: "readOnly" };
    // /tmp and $TMPDIR stay read-only, so the workspace is the only writable place (the temp dirs live there).
    const workspaceWrite: Camel.SandboxPolicy = {
      type: "workspaceWrite",
      writableRoots: [workspace],
      networkAccess: false,
      excludeSlashTmp: true,
      excludeTmpdirEnvVar: true,
    };
    const write = (path: string) => ["/bin/sh", "-c", 'printf %s "$2" > "$1"', "sh", path, nonce];

    const read = await exec(["/bin/cat", readTarget], readOnly);
    const readWorks = read.exitCode === 0 && read.stdout.trim() === nonce;
    const measured: Record<string, string | number | boolean | null> = {
      mechanism: mechanism(ctx),
      readOnlyRead: readWorks ? "ok" : describe(read),
    };
    if (!readWorks) {
      return fail(
        `cannot run a command under read-only: ${describe(read)}`,
        { ...measured, elapsedMs: roundMs(performance.now() - started) },
        platformFix(),
      );
    }
    const roTarget = join(workspace, "read-only-write.txt");
    const roWrite = await exec(write(roTarget), readOnly);
    measured.readOnlyWriteRefused = roWrite.exitCode !== 0 && !existsSync(roTarget);
    const inside = join(workspace, "workspace-write.txt");
    const wwWrite = await exec(write(inside), workspaceWrite);
    measured.workspaceWriteLanded = (await readFile(inside, "utf8").catch(() => "")) === nonce;
    // codex also makes the server's cwd writable: a temp dir inside it is no "outside" (cwd /tmp, or /).
    const serverCwd = await realpath(ctx.options.cwd).catch(() => ctx.options.cwd);
    if (isInside(outside, serverCwd)) {
      measured.outsideWriteRefused = null;
      measured.outsideNotProbed = `the temp dir is inside the server's cwd ${serverCwd}, which workspace-write may write`;
    } else {
      const escapee = join(outside, "escape.txt");
      const wwEscape = await exec(write(escapee), workspaceWrite);
      measured.outsideWriteRefused = wwEscape.exitCode !== 0 && !existsSync(escapee);
    }
    measured.elapsedMs = roundMs(performance.now() - started);

    if (!measured.readOnlyWriteRefused) {
      return fail(
        "a write under read-only was NOT refused: commands are not sandboxed",
        measured,
        `The sandbox lets writes through. ${platformFix()}`,
      );
    }
    if (!measured.workspaceWriteLanded) {
      return fail(
        `a write inside the workspace under workspace-write did not land: ${describe(wwWrite)}`,
        measured,
        platformFix(),
      );
    }
    if (measured.outsideWriteRefused === false) {
      return fail(
        "a write outside the workspace under workspace-write was NOT refused",
        measured,
        `The sandbox lets writes escape the workspace. ${platformFix()}`,
      );
    }
    return {
      status: "ok",
      summary: `${measured.mechanism}: read-only reads and refuses writes; workspace-write writes ${measured.outsideWriteRefused === null ? "inside the workspace (outside not probed)" : "only inside the workspace"}`,
      measured,
    };
  },
};

/** Whether `path` is `dir` or below it. */
function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith("/") && !/^[A-Za-z]:/.test(rel));
}

function fail(summary: string, measured: CheckOutcome["measured"], fix: string): CheckOutcome {
  return { status: "fail", summary, measured, fix };
}

async function probe(
  codex: Codex,
  argv: readonly string[],
  sandboxPolicy: Camel.SandboxPolicy,
  cwd: string,
  signal: AbortSignal,
): Promise<Probe> {
  try {
    const result = await codex
      .exec(argv, { sandboxPolicy, cwd, timeoutMs: PROBE_TIMEOUT_MS, signal })
      .result();
    return { exitCode: result.exitCode, output: result.stdout + result.stderr, stdout: result.stdout };
  } catch (error) {
    return { exitCode: null, output: messageOf(error), stdout: "" };
  }
}

function describe(probe: Probe): string {
  const output = tailLines(probe.output, 2) || "no output";
  return probe.exitCode === null ? `codex refused it: ${output}` : `exit ${probe.exitCode}: ${output}`;
}

/** What enforces the sandbox on this platform. */
function mechanism(ctx: DoctorContext): string {
  if (process.platform === "darwin") return "seatbelt";
  if (process.platform !== "linux") return process.platform;
  const onPath = (ctx.options.env.PATH ?? "")
    .split(delimiter)
    .some((dir) => dir !== "" && existsSync(join(dir, "bwrap")));
  return onPath ? "bubblewrap (bwrap on PATH)" : "bubblewrap (codex's bundled bwrap)";
}

function platformFix(): string {
  if (process.platform === "darwin") {
    return (
      "codex sandboxes commands with seatbelt (sandbox-exec). It cannot nest: inside another sandbox (an IDE " +
      'or app sandbox) run codex outside it, or use sandbox "danger-full-access" when the outer sandbox is enough.'
    );
  }
  return (
    "codex sandboxes commands with bubblewrap (bwrap) in new user namespaces, plus landlock/seccomp. Install " +
    "bubblewrap (apt install bubblewrap / dnf install bubblewrap); allow unprivileged user namespaces " +
    "(sysctl kernel.unprivileged_userns_clone=1; on Ubuntu 24.04+ kernel.apparmor_restrict_unprivileged_userns=0 " +
    "or an AppArmor profile for bwrap); in Docker run with --security-opt seccomp=unconfined --security-opt " +
    'apparmor=unconfined (or --privileged). If the container is itself the sandbox, use sandbox "danger-full-access".'
  );
}
