// The entry point of @openai/codex-sdk, on one long-lived app-server per instance (spawned on the first
// turn) instead of one `codex exec` process per turn.
import { resolveCodexBinary } from "@codex/runtime";
import { AppServerSession, ORIGINATOR, type SpawnSettings } from "./app-server-session.js";
import { flattenConfig, tomlValue } from "./config-overrides.js";
import type { CodexOptions, ThreadOptions } from "./options.js";
import { Thread, type ThreadHost } from "./thread.js";

const ORIGINATOR_ENV = "CODEX_INTERNAL_ORIGINATOR_OVERRIDE";

/**
 * Codex is the main class for interacting with the Codex agent.
 *
 * Use the `startThread()` method to start a new thread or `resumeThread()` to resume a previously started thread.
 */
export class Codex {
  readonly #host: ThreadHost;
  #session: AppServerSession | undefined;

  constructor(options: CodexOptions = {}) {
    // Like the original, a missing binary fails here; bad `config` fails the first run.
    const codexPath = options.appServer ? "" : (options.codexPathOverride ?? resolveCodexBinary().path);
    let settings: (() => SpawnSettings) | undefined;
    if (!options.appServer) settings = () => spawnSettings(codexPath, options);
    this.#host = {
      approvals: options.approvalHandler !== undefined,
      session: () => {
        // Like a new `codex exec` after one crashed: a new server; threads are resumed on it.
        if (this.#session && !this.#session.dead) return this.#session;
        this.#session = options.appServer
          ? new AppServerSession({ client: options.appServer })
          : new AppServerSession({
              spawn: (settings as () => SpawnSettings)(),
              ...(options.approvalHandler && { approvalHandler: options.approvalHandler }),
            });
        return this.#session;
      },
    };
    closers.set(this, () => {
      const session = this.#session;
      this.#session = undefined;
      return session ? session.close() : Promise.resolve();
    });
  }

  /**
   * Starts a new conversation with an agent.
   * @returns A new thread instance.
   */
  startThread(options: ThreadOptions = {}): Thread {
    return new Thread(this.#host, options);
  }

  /**
   * Resumes a conversation with an agent based on the thread id.
   * Threads are persisted in ~/.codex/sessions.
   *
   * @param id The id of the thread to resume.
   * @returns A new thread instance.
   */
  resumeThread(id: string, options: ThreadOptions = {}): Thread {
    return new Thread(this.#host, options, id);
  }
}

/**
 * Extension (not in @openai/codex-sdk): stops the app-server of `codex` now. Optional: between turns it
 * does not keep Node running, and it exits when your program does. A later turn starts a new app-server
 * (threads are resumed). A function rather than a method, so that `Codex` has exactly the original's members.
 */
export function closeCodex(codex: Codex): Promise<void> {
  return closers.get(codex)?.() ?? Promise.resolve();
}

const closers = new WeakMap<Codex, () => Promise<void>>();

/** argv and env of the app-server, as codex exec would get them from the original SDK. */
function spawnSettings(codexPath: string, options: CodexOptions): SpawnSettings {
  // An idle thread another Codex of this program resumes is unloaded at once (see thread-holders.ts);
  // first, so that the caller's config can still say otherwise.
  const args: string[] = ["--config", "thread_unload_delay_secs=0"];
  if (options.config) for (const override of flattenConfig(options.config)) args.push("--config", override);
  for (const override of options.configOverrides ?? []) args.push("--config", override);
  // codex exec reads the key from CODEX_API_KEY; app-server does not, so the key is logged in at start,
  // into in-memory credential storage (never written to CODEX_HOME/auth.json).
  if (options.apiKey) args.push("--config", 'cli_auth_credentials_store="ephemeral"');
  if (options.baseUrl)
    args.push("--config", `openai_base_url=${tomlValue(options.baseUrl, "openai_base_url")}`);

  const env: Record<string, string> = {};
  if (options.env) Object.assign(env, options.env);
  else for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  if (!env[ORIGINATOR_ENV]) env[ORIGINATOR_ENV] = ORIGINATOR;
  // Set as the original does (commands the agent runs see it); the server itself gets it by login.
  if (options.apiKey) env.CODEX_API_KEY = options.apiKey;
  // `env` replaces process.env entirely: mark every inherited variable for removal (the spawn layer
  // otherwise keeps a few, such as PATH and HOME).
  const removals = Object.fromEntries(Object.keys(process.env).map((key) => [key, undefined]));
  return {
    codexPath,
    args,
    env: { ...removals, ...env },
    ...(options.apiKey && { apiKey: options.apiKey }),
  };
}
