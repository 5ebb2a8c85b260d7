/** Which shared server, and how it lives: the part of its options a `Codex` client sets in `transport`. */
export interface SharedServerSettings {
  /** The CODEX_HOME the server serves. Default: `env.CODEX_HOME`, else `process.env.CODEX_HOME`, else ~/.codex. */
  readonly codexHome?: string;
  /** Where the socket, token and status live. Default `<codexHome>/sdk-shared-server`. */
  readonly stateDir?: string;
  /** Stop after this long with no client and no running turn. Default 10 minutes. */
  readonly idleTimeoutMs?: number;
  /** How long to wait for a new server to accept connections. Default 30 s. */
  readonly startTimeoutMs?: number;
}

/** How to find, or start, the shared app-server of one CODEX_HOME (see docs/shared-server.md). */
export interface SharedServerOptions extends SharedServerSettings {
  /** The codex executable. Default: `resolveCodexBinary()` (CODEX_PATH, the pinned package, PATH). */
  readonly codexPath?: string;
  /** Replaces the inherited environment of codex when given; `undefined` values remove a variable. */
  readonly env?: Record<string, string | undefined>;
  /** Inherit this process's environment. Default: true without `env`, false with it. */
  readonly inheritEnv?: boolean;
  /** Goes to codex's env (CODEX_API_KEY, OPENAI_API_KEY), never to argv. */
  readonly apiKey?: string;
  /** Config overrides for codex (`-c key=value`, TOML values). */
  readonly config?: Record<string, unknown>;
  /** Working directory of codex. Default: this process's. */
  readonly cwd?: string;
}

/** Where a live shared server listens, and the token its socket requires. */
export interface SharedServerEndpoint {
  readonly socketPath: string;
  readonly token: string;
  readonly supervisorPid: number;
}
