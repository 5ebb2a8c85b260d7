/**
 * `doctor()`: a preflight check of everything a `new Codex()` depends on. The checks load on first call,
 * so importing the SDK does not pay for them.
 */
import { Codex } from "../entry/codex.js";
import type { DoctorOptions, DoctorReport } from "./types.js";

/**
 * Checks the codex binary and its version, that the app-server starts and answers `initialize`, the login,
 * that the sandbox really refuses and allows writes, the login shell's start-up time, that the model
 * provider is reachable (unless `offline`), and, with `listen`, a WebSocket or Unix-socket listener.
 * Never throws for a failed check and never hangs: every check has a timeout, and every process it starts
 * is stopped before the report is returned.
 */
export async function doctor(options: DoctorOptions = {}): Promise<DoctorReport> {
  const { runDoctor } = await import("./run-doctor.js");
  return runDoctor(options, (codexOptions) => new Codex(codexOptions));
}
