/** The state checks share during one run: resolved options, what earlier checks found, and cleanup. */
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import type { BinarySource } from "@codex/runtime";
import type { CodexOptions } from "../client/codex-options.js";
import type { Codex } from "../entry/codex.js";
import type { ConfigObject } from "../thread-options.js";
import { join } from "./path.js";
import type { DoctorOptions } from "./types.js";

/** The options with their defaults filled in. */
export interface ResolvedDoctorOptions {
  readonly codexPath: string | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly config: ConfigObject | undefined;
  readonly offline: boolean;
  readonly listen: string | undefined;
  readonly listenAuth: "none" | "capability-token";
  readonly shellThresholdMs: number;
  readonly shellTimeoutMs: number;
  readonly providerTimeoutMs: number;
  readonly checkTimeoutMs: number;
}

/** The codex binary the binary check found. */
export interface FoundBinary {
  readonly path: string;
  readonly source: BinarySource;
  readonly version: string | undefined;
}

/** How long one cleanup step may take before the doctor gives up on it. */
const CLEANUP_TIMEOUT_MS = 10_000;

export function resolveDoctorOptions(options: DoctorOptions): ResolvedDoctorOptions {
  return {
    codexPath: options.codexPath,
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    config: options.config,
    offline: options.offline ?? false,
    listen: options.listen,
    listenAuth: options.listenAuth ?? "none",
    shellThresholdMs: options.shellThresholdMs ?? 5_000,
    shellTimeoutMs: options.shellTimeoutMs ?? 15_000,
    providerTimeoutMs: options.providerTimeoutMs ?? 5_000,
    checkTimeoutMs: options.checkTimeoutMs ?? 30_000,
  };
}

/**
 * Makes a client. Passed in by `doctor()` rather than imported here, so the lazily loaded checks share no
 * module with the SDK's entry (a shared module would become one more chunk every import of the SDK loads).
 */
export type CodexFactory = (options: CodexOptions<false>) => Codex;

export class DoctorContext {
  readonly options: ResolvedDoctorOptions;
  readonly newCodex: CodexFactory;
  /** Set by the binary check when a runnable codex was found. */
  binary: FoundBinary | undefined;
  /** Set by the app-server check once `initialize` was answered. */
  codex: Codex | undefined;
  /** CODEX_HOME as the server reported it. */
  codexHome: string | undefined;
  /** Values that must never appear in the report (tokens the doctor made itself). */
  readonly secrets: string[] = [];
  readonly #cleanups: (() => Promise<void>)[] = [];
  #effectiveConfig: Promise<Record<string, unknown> | undefined> | undefined;

  constructor(options: ResolvedDoctorOptions, newCodex: CodexFactory) {
    this.options = options;
    this.newCodex = newCodex;
  }

  /** Runs `cleanup` when the doctor finishes (last registered, first run). */
  defer(cleanup: () => Promise<void>): void {
    this.#cleanups.push(cleanup);
  }

  /** A fresh temp directory (realpath'd), removed when the doctor finishes. */
  async tempDir(prefix: string): Promise<string> {
    const dir = await realpath(await mkdtemp(join(tmpdir(), prefix)));
    this.defer(() => rm(dir, { recursive: true, force: true, maxRetries: 3 }));
    return dir;
  }

  /** The server's effective config (`config/read`), once per run; undefined when it cannot be read. */
  effectiveConfig(signal?: AbortSignal): Promise<Record<string, unknown> | undefined> {
    const codex = this.codex;
    if (!codex) return Promise.resolve(undefined);
    this.#effectiveConfig ??= codex.api
      .configRead({}, signal ? { signal } : {})
      .then((result) => result.config as Record<string, unknown>)
      .catch(() => undefined);
    return this.#effectiveConfig;
  }

  /** Runs every cleanup, newest first, each bounded in time; never throws. */
  async dispose(): Promise<void> {
    for (const cleanup of this.#cleanups.splice(0).reverse()) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        cleanup().catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, CLEANUP_TIMEOUT_MS);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
    }
  }
}
