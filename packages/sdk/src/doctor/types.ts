/** The public shapes of `doctor()`: its options, one check's outcome, and the whole report. */
import type { ConfigObject } from "../thread-options.js";

/** How one check came out. `skipped`: not run (not asked for, offline, or an earlier check failed). */
export type DoctorStatus = "ok" | "warn" | "fail" | "skipped";

/** The checks, in the order they run. */
export type DoctorCheckId =
  | "binary"
  | "app-server"
  | "auth"
  | "sandbox"
  | "login-shell"
  | "provider"
  | "listen";

/** One measured value: a version, a path, a duration in ms, a flag. */
export type DoctorValue = string | number | boolean | null;

/** The outcome of one check. */
export interface DoctorCheck {
  readonly id: DoctorCheckId;
  /** What the check looks at, in words ("codex binary", "sandbox", ...). */
  readonly title: string;
  readonly status: DoctorStatus;
  /** One line: what was found (or why the check was skipped). */
  readonly summary: string;
  /** What was measured, by name: versions, paths, milliseconds, exit codes. Never a secret. */
  readonly measured: Readonly<Record<string, DoctorValue>>;
  /** What to do about a warn or fail. */
  readonly fix?: string;
  /** How long the check took (ms). */
  readonly durationMs: number;
}

/** Everything `doctor()` found. */
export interface DoctorReport {
  /** True when no check failed (warnings and skips allowed). */
  readonly ok: boolean;
  /** The worst status of any check that ran: "fail", else "warn", else "ok". */
  readonly status: "ok" | "warn" | "fail";
  /** The codex version this SDK pins (`CODEX_VERSION` of `@codex/runtime`). */
  readonly pinnedVersion: string;
  /** One entry per check, in run order. */
  readonly checks: readonly DoctorCheck[];
  readonly durationMs: number;
}

/** Options of `doctor()`. Everything is optional; the defaults check what a default `new Codex()` would use. */
export interface DoctorOptions {
  /** The codex executable to check. Default: CODEX_PATH, then the pinned platform package, then PATH. */
  readonly codexPath?: string;
  /**
   * The environment codex would run with (HOME, SHELL, PATH, CODEX_HOME, API key variables). Default:
   * this process's environment.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Working directory of the app-server the doctor starts. Default: this process's cwd. */
  readonly cwd?: string;
  /** Config overrides for the app-server, as `new Codex({ config })` takes them. */
  readonly config?: ConfigObject;
  /** Skip the network check of the model provider (status "skipped"). Default false. */
  readonly offline?: boolean;
  /**
   * Also check a listener: `ws://IP:PORT` or `unix://PATH` (a bare absolute path means a Unix socket).
   * The doctor starts `codex app-server --listen <url>` itself, connects and closes it.
   */
  readonly listen?: string;
  /** The WebSocket auth the listener would use. Default "none" (fails for a non-loopback address). */
  readonly listenAuth?: "none" | "capability-token";
  /** Login-shell start-up time that counts as slow (warn). Default 5 000 ms (codex waits 10 s). */
  readonly shellThresholdMs?: number;
  /** When the login shell is killed and the check fails. Default 15 000 ms. */
  readonly shellTimeoutMs?: number;
  /** Timeout of the HTTP request to the model provider. Default 5 000 ms. */
  readonly providerTimeoutMs?: number;
  /** Timeout of every other check. Default 30 000 ms. */
  readonly checkTimeoutMs?: number;
  /** Run only these checks (the others come back "skipped"). Default: all that apply. */
  readonly checks?: readonly DoctorCheckId[];
  /** Called as each check finishes (progress output). */
  readonly onCheck?: (check: DoctorCheck) => void;
  /** Abandons the run: running checks stop, children are killed, the remaining checks are skipped. */
  readonly signal?: AbortSignal;
}
