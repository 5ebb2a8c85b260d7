/** Runs the checks in order, each under its own timeout, and always cleans up what they started. */
import { CODEX_VERSION } from "@codex/runtime";
import { type CheckDefinition, type CheckOutcome, messageOf, roundMs } from "./check.js";
import { appServerCheck } from "./checks/app-server.js";
import { authCheck } from "./checks/auth.js";
import { binaryCheck } from "./checks/binary.js";
import { listenCheck } from "./checks/listen.js";
import { loginShellCheck } from "./checks/login-shell.js";
import { providerCheck } from "./checks/provider.js";
import { sandboxCheck } from "./checks/sandbox.js";
import { type CodexFactory, DoctorContext, resolveDoctorOptions } from "./context.js";
import { redactCheck, secretValues } from "./redact.js";
import type { DoctorCheck, DoctorOptions, DoctorReport } from "./types.js";

/** Every check, in run order (later ones use what earlier ones found). */
export const CHECKS: readonly CheckDefinition[] = [
  binaryCheck,
  appServerCheck,
  authCheck,
  sandboxCheck,
  loginShellCheck,
  providerCheck,
  listenCheck,
];

export async function runDoctor(options: DoctorOptions, newCodex: CodexFactory): Promise<DoctorReport> {
  const started = performance.now();
  const ctx = new DoctorContext(resolveDoctorOptions(options), newCodex);
  const checks: DoctorCheck[] = [];
  try {
    for (const definition of CHECKS) {
      const skip = options.signal?.aborted ? "skipped: the doctor was aborted" : definition.skipReason(ctx);
      const checkStarted = performance.now();
      const outcome: CheckOutcome =
        skip !== undefined
          ? { status: "skipped", summary: skip, measured: {} }
          : await runCheck(definition, ctx, options.signal);
      const check = redactCheck(
        {
          id: definition.id,
          title: definition.title,
          ...outcome,
          durationMs: roundMs(performance.now() - checkStarted),
        },
        secretValues(ctx.options.env, ctx.secrets),
      );
      checks.push(check);
      try {
        options.onCheck?.(check);
      } catch {
        // A progress callback must not break the run.
      }
    }
  } finally {
    await ctx.dispose();
  }
  const ran = checks.map((check) => check.status);
  const status = ran.includes("fail") ? "fail" : ran.includes("warn") ? "warn" : "ok";
  return {
    ok: status !== "fail",
    status,
    pinnedVersion: CODEX_VERSION,
    checks,
    durationMs: roundMs(performance.now() - started),
  };
}

/** One check under its timeout; a throw or a timeout becomes a "fail" outcome, never an exception. */
async function runCheck(
  definition: CheckDefinition,
  ctx: DoctorContext,
  parent: AbortSignal | undefined,
): Promise<CheckOutcome> {
  const controller = new AbortController();
  const timeoutMs = definition.timeoutMs(ctx);
  const onParentAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener("abort", onParentAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => {
      // Settle first: the abort below also settles `aborted`, and the race must report the timeout.
      resolve({
        status: "fail",
        summary: `timed out after ${timeoutMs} ms`,
        measured: { timeoutMs },
        fix: definition.timeoutFix,
      });
      controller.abort(new Error(`${definition.id} check timed out`));
    }, timeoutMs);
  });
  const aborted = new Promise<CheckOutcome>((resolve) => {
    controller.signal.addEventListener(
      "abort",
      () => resolve({ status: "skipped", summary: "skipped: the doctor was aborted", measured: {} }),
      { once: true },
    );
  });
  try {
    return await Promise.race([
      definition.run(ctx, controller.signal).catch(
        (error: unknown): CheckOutcome => ({
          status: "fail",
          summary: `the check itself failed: ${messageOf(error)}`,
          measured: { error: messageOf(error) },
        }),
      ),
      timedOut,
      aborted,
    ]);
  } finally {
    clearTimeout(timer);
    parent?.removeEventListener("abort", onParentAbort);
  }
}
