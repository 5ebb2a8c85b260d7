/**
 * Check 5: how long the user's login shell takes to start, as codex's shell snapshot sees it. At thread
 * start codex runs `$SHELL -lc …` with the process HOME to snapshot the environment and waits up to 10 s;
 * a slow ~/.bashrc or ~/.bash_profile makes every thread wait.
 */

import { type CheckDefinition, type CheckOutcome, roundMs, tailLines } from "../check.js";
import type { DoctorContext } from "../context.js";
import { join } from "../path.js";
import { runProcess } from "../run-process.js";

export const loginShellCheck: CheckDefinition = {
  id: "login-shell",
  title: "login shell start-up",
  skipReason: () =>
    process.platform === "win32" ? "skipped: codex takes no login-shell snapshot on Windows" : undefined,
  // runProcess kills the shell at shellTimeoutMs; this budget only backs it up.
  timeoutMs: (ctx) => ctx.options.shellTimeoutMs + 5_000,
  timeoutFix: "The login shell did not start; see the fix of a slow shell.",
  async run(ctx, signal): Promise<CheckOutcome> {
    const { env, shellThresholdMs, shellTimeoutMs } = ctx.options;
    const shell = env.SHELL && env.SHELL.trim() !== "" ? env.SHELL : "/bin/bash";
    const home = env.HOME ?? null;
    const snapshot = await snapshotSetting(ctx, signal);
    const run = await runProcess(shell, ["-lc", "true"], {
      env,
      cwd: home ?? ctx.options.cwd,
      timeoutMs: shellTimeoutMs,
      signal,
    });
    const ms = roundMs(run.durationMs);
    const measured = {
      shell,
      home,
      startupMs: run.timedOut ? null : ms,
      thresholdMs: shellThresholdMs,
      shellSnapshot: snapshot,
      exitCode: run.exitCode,
    };
    const fix = slowShellFix(ctx, shell);
    if (run.spawnError) {
      return {
        status: "fail",
        summary: `cannot start the login shell ${shell}: ${run.spawnError}`,
        measured,
        fix: `Set SHELL to an installed shell (e.g. /bin/bash). ${fix}`,
      };
    }
    if (run.timedOut) {
      return {
        status: "fail",
        summary: `\`${shell} -lc true\` did not finish within ${shellTimeoutMs} ms (killed); codex waits 10 s for its shell snapshot`,
        measured,
        fix,
      };
    }
    if (ms >= shellThresholdMs) {
      return {
        status: "warn",
        summary: `\`${shell} -lc true\` took ${Math.round(ms)} ms (threshold ${shellThresholdMs} ms; codex waits up to 10 s)${snapshot === false ? "; shell_snapshot is off, but every command still pays it" : ""}`,
        measured,
        fix,
      };
    }
    if (run.exitCode !== 0) {
      return {
        status: "warn",
        summary: `\`${shell} -lc true\` exited ${run.exitCode} after ${Math.round(ms)} ms: ${tailLines(run.stderr, 2) || "no output"}`,
        measured,
        fix: `Your login files fail when run non-interactively. ${fix}`,
      };
    }
    return { status: "ok", summary: `\`${shell} -lc true\` took ${Math.round(ms)} ms`, measured };
  },
};

/** `features.shell_snapshot` of the effective config: true, false, or null when unknown. */
async function snapshotSetting(ctx: DoctorContext, signal: AbortSignal): Promise<boolean | null> {
  const config = await ctx.effectiveConfig(signal);
  const features = config?.features;
  if (typeof features !== "object" || features === null) return null;
  const value = (features as Record<string, unknown>).shell_snapshot;
  return typeof value === "boolean" ? value : null;
}

function slowShellFix(ctx: DoctorContext, shell: string): string {
  const codexHome =
    ctx.codexHome ?? ctx.options.env.CODEX_HOME ?? join(ctx.options.env.HOME ?? "~", ".codex");
  const files = shell.endsWith("zsh")
    ? "~/.zshenv, ~/.zprofile, ~/.zshrc"
    : "~/.bash_profile, ~/.bash_login, ~/.profile, ~/.bashrc";
  return (
    `Find what makes the login shell slow (\`time ${shell} -lc true\`; look at ${files}): version managers ` +
    "(pyenv init, nvm, conda, rbenv) are the usual cause, and a stale ~/.pyenv/shims/.pyenv-shim lock makes " +
    "pyenv wait about a minute (rm -f ~/.pyenv/shims/.pyenv-shim). Or turn codex's shell snapshot off: add " +
    `\`[features] shell_snapshot = false\` to ${join(codexHome, "config.toml")}.`
  );
}
