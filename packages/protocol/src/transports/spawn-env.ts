/** Variables a child needs to run at all; kept from the parent even when the env is replaced. */
const REQUIRED_VARIABLES =
  process.platform === "win32"
    ? [
        "APPDATA",
        "HOMEDRIVE",
        "HOMEPATH",
        "LOCALAPPDATA",
        "PATH",
        "PATHEXT",
        "SYSTEMROOT",
        "TEMP",
        "USERNAME",
        "USERPROFILE",
      ]
    : ["HOME", "LOGNAME", "PATH", "SHELL", "TERM", "TMPDIR", "USER"];

export interface SpawnEnvOptions {
  /** Replaces the inherited environment when given (unless `inheritEnv` is true). `undefined` removes. */
  readonly env?: Record<string, string | undefined> | undefined;
  /** Inherit the parent's environment. Default: true without `env`, false with it. */
  readonly inheritEnv?: boolean | undefined;
  /** Passed as CODEX_API_KEY and OPENAI_API_KEY, never on the command line. */
  readonly apiKey?: string | undefined;
}

/** Builds the child's environment: inherited or replaced, plus what is always required. */
export function buildSpawnEnv(
  options: SpawnEnvOptions,
  parent: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const inherit = options.inheritEnv ?? options.env === undefined;
  const result: NodeJS.ProcessEnv = {};
  if (inherit) Object.assign(result, parent);
  else {
    for (const name of REQUIRED_VARIABLES) {
      const value = parent[name];
      if (value !== undefined) result[name] = value;
    }
  }
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete result[name];
    else result[name] = value;
  }
  if (options.apiKey !== undefined) {
    result.CODEX_API_KEY = options.apiKey;
    result.OPENAI_API_KEY = options.apiKey;
  }
  return result;
}
