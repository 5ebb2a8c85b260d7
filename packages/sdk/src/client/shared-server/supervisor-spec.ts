import type { SharedServerOptions } from "./options.js";

/** What the launcher hands the supervisor, in a 0600 file the supervisor deletes once read. */
export interface SupervisorSpec extends Omit<SharedServerOptions, "apiKey" | "startTimeoutMs"> {
  readonly codexHome: string;
  readonly stateDir: string;
  readonly idleTimeoutMs: number;
}

/** The API key travels in the supervisor's environment under this name, never in a file or on argv. */
export const API_KEY_VARIABLE = "CODEX_SDK_SHARED_SERVER_API_KEY";

/** Exit code of a supervisor that found another live one holding the lock. */
export const EXIT_LOCK_HELD = 3;

export const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000;
