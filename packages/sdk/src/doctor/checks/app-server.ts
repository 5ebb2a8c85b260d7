/** Check 2: `codex app-server` starts and answers `initialize`, and how long that took. */
import type { CodexWarning } from "../../client/warnings.js";
import { type CheckDefinition, type CheckOutcome, messageOf, roundMs, tailLines } from "../check.js";
import type { DoctorContext } from "../context.js";
import { needsBinary } from "./binary.js";

/** How the doctor introduces itself to codex (user agent, logs). */
export const DOCTOR_CLIENT_INFO = { name: "codex_sdk_doctor", title: "codex-sdk doctor", version: "0.1.0" };

export const appServerCheck: CheckDefinition = {
  id: "app-server",
  title: "app-server start",
  skipReason: needsBinary,
  timeoutMs: (ctx) => ctx.options.checkTimeoutMs,
  timeoutFix:
    "Run `codex app-server` by hand and send an initialize line; look at its stderr (RUST_LOG=info) for what it waits on.",
  async run(ctx, signal): Promise<CheckOutcome> {
    const binary = ctx.binary;
    if (!binary) throw new Error("no binary");
    const warnings: CodexWarning[] = [];
    const codex = ctx.newCodex({
      codexPath: binary.path,
      env: { ...ctx.options.env },
      cwd: ctx.options.cwd,
      ...(ctx.options.config && { config: ctx.options.config }),
      clientInfo: DOCTOR_CLIENT_INFO,
      requestTimeoutMs: ctx.options.checkTimeoutMs,
      // The binary check reports the version; a mismatch must not also print a process warning.
      versionCheck: "off",
      onWarning: (warning) => warnings.push(warning),
    });
    ctx.defer(() => codex.close());
    const started = performance.now();
    try {
      const init = await codex.start({ signal });
      const initializeMs = performance.now() - started;
      ctx.codex = codex;
      ctx.codexHome = init.codexHome;
      return {
        status: "ok",
        summary: `answered initialize in ${Math.round(initializeMs)} ms (codex ${codex.serverVersion ?? "?"}, ${init.platformOs})`,
        measured: {
          initializeMs: roundMs(initializeMs),
          serverVersion: codex.serverVersion ?? null,
          codexHome: init.codexHome,
          platform: `${init.platformFamily}/${init.platformOs}`,
        },
      };
    } catch (error) {
      const stderr = tailLines(codex.stderrTail(), 8);
      return {
        status: "fail",
        summary: `did not answer initialize: ${messageOf(error).split("\n")[0]}`,
        measured: {
          error: messageOf(error),
          stderrTail: stderr || null,
          elapsedMs: roundMs(performance.now() - started),
        },
        fix:
          `Run \`${binary.path} app-server\` by hand to see why it does not start. Usual causes: an invalid ` +
          "CODEX_HOME/config.toml (codex refuses bad values), a CODEX_HOME that is not writable, or a binary " +
          "built for another platform.",
      };
    }
  },
};

/** Used by the checks that talk to the started server. */
export function needsServer(ctx: DoctorContext): string | undefined {
  if (ctx.codex) return undefined;
  return needsBinary(ctx) ?? "skipped: the app-server did not start (see the app-server check)";
}
