/** Check 1: which codex binary resolves, and whether `<bin> --version` is the pinned CODEX_VERSION. */
import {
  BinaryNotFoundError,
  type BinarySource,
  CODEX_PREVIOUS_VERSION,
  CODEX_VERSION,
  compareCodexVersions,
  resolveCodexBinary,
} from "@codex/runtime";
import { type CheckDefinition, type CheckOutcome, roundMs, tailLines } from "../check.js";
import type { DoctorContext } from "../context.js";
import { runProcess } from "../run-process.js";

/** How long `codex --version` may take. */
const VERSION_TIMEOUT_MS = 10_000;

const SOURCE_LABELS: Record<BinarySource, string> = {
  option: "codexPath option",
  env: "CODEX_PATH",
  "platform-package": "runtime-bin package",
  path: "PATH",
};

const PINNED_FIX =
  `Use the pinned codex ${CODEX_VERSION}: unset CODEX_PATH / codexPath / --codex-path to run the binary of ` +
  `@codex/runtime-bin-<platform> (reinstall with optional dependencies if it is missing), or install it ` +
  `yourself: npm install -g @openai/codex@${CODEX_VERSION}.`;

export const binaryCheck: CheckDefinition = {
  id: "binary",
  title: "codex binary",
  skipReason: () => undefined,
  timeoutMs: (ctx) => ctx.options.checkTimeoutMs,
  timeoutFix: "Run `<codex> --version` by hand; a binary that does not answer it cannot run the app-server.",
  async run(ctx, signal): Promise<CheckOutcome> {
    let path: string;
    let source: BinarySource;
    try {
      const resolved = resolveCodexBinary({
        codexPath: ctx.options.codexPath,
        env: ctx.options.env as NodeJS.ProcessEnv,
        versionCheck: "off",
      });
      path = resolved.path;
      source = resolved.source;
    } catch (error) {
      if (!(error instanceof BinaryNotFoundError)) throw error;
      return notFound(error);
    }
    const measured = { source: SOURCE_LABELS[source], path, pinnedVersion: CODEX_VERSION };
    const run = await runProcess(path, ["--version"], {
      env: ctx.options.env,
      timeoutMs: VERSION_TIMEOUT_MS,
      signal,
    });
    const version = /\b(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\b/.exec(run.stdout)?.[1];
    if (run.exitCode !== 0 || version === undefined) {
      const why = run.spawnError
        ? `it could not be started (${run.spawnError})`
        : run.timedOut
          ? `\`--version\` did not answer within ${VERSION_TIMEOUT_MS} ms`
          : `\`--version\` exited ${run.exitCode} without a version (${tailLines(run.stdout + run.stderr, 2) || "no output"})`;
      return {
        status: "fail",
        summary: `${path} (${SOURCE_LABELS[source]}) is not a working codex: ${why}`,
        measured: { ...measured, version: null, exitCode: run.exitCode },
        fix: PINNED_FIX,
      };
    }
    ctx.binary = { path, source, version };
    const versionMeasured = { ...measured, version, versionMs: roundMs(run.durationMs) };
    if (version === CODEX_VERSION) {
      return {
        status: "ok",
        summary: `codex ${version} (the pinned version) from the ${SOURCE_LABELS[source]}: ${path}`,
        measured: versionMeasured,
      };
    }
    return mismatch(version, path, source, versionMeasured);
  },
};

/** A binary of another version: a warning down to the oldest tested release, a failure below it. */
function mismatch(
  version: string,
  path: string,
  source: BinarySource,
  measured: CheckOutcome["measured"],
): CheckOutcome {
  const older = compareCodexVersions(version, CODEX_PREVIOUS_VERSION) < 0;
  const newer = compareCodexVersions(version, CODEX_VERSION) > 0;
  const relation = older
    ? `older than ${CODEX_PREVIOUS_VERSION}, the oldest release this SDK is tested with`
    : newer
      ? "newer than the pin; untested, methods and fields may differ"
      : "not the pinned version; tested by the compatibility suite only";
  return {
    status: older ? "fail" : "warn",
    summary: `codex ${version} from the ${SOURCE_LABELS[source]} (${path}), but this SDK pins codex ${CODEX_VERSION} (${relation})`,
    measured,
    fix: PINNED_FIX,
  };
}

function notFound(error: BinaryNotFoundError): CheckOutcome {
  const last = error.attempts.at(-1);
  const explicit = (last?.source === "option" || last?.source === "env") && last.outcome !== "not set";
  return {
    status: "fail",
    summary: `no codex binary: ${error.likelyCause}`,
    measured: {
      source: last ? SOURCE_LABELS[last.source] : null,
      path: explicit && last ? last.location.replace(/^[^=]*=/, "") : null,
      tried: error.attempts.map((a) => `[${SOURCE_LABELS[a.source]}] ${a.location}: ${a.outcome}`).join("; "),
      pinnedVersion: CODEX_VERSION,
    },
    fix: explicit
      ? `Point ${last?.source === "env" ? "CODEX_PATH" : "codexPath / --codex-path"} at the codex executable, or unset it to use the pinned codex ${CODEX_VERSION} of @codex/runtime-bin-<platform>.`
      : `Reinstall with optional dependencies enabled (npm install --include=optional; pnpm and yarn install them by default) so @codex/runtime-bin-<platform> brings codex ${CODEX_VERSION}, or set CODEX_PATH / pass --codex-path.`,
  };
}

/** Used by the later checks' skip reasons. */
export function needsBinary(ctx: DoctorContext): string | undefined {
  return ctx.binary ? undefined : "skipped: no working codex binary (see the binary check)";
}
