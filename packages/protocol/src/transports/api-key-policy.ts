/**
 * Keeps API keys out of the commands the agent runs. codex 0.169.0 passes its whole environment,
 * OPENAI_API_KEY and CODEX_API_KEY included, to every command (its default secret excludes are off), so
 * a command the model runs could read the key. Its `shell_environment_policy` can exclude variables;
 * we add the key variables to it as `--config` overrides. (Measured on the real binary: with the
 * exclusion, `env` run by the agent shows neither variable, and the provider still authenticates.)
 */

/** The variables codex reads an API key from. */
export const API_KEY_VARIABLES = ["OPENAI_API_KEY", "CODEX_API_KEY"] as const;

type Config = Record<string, unknown>;

function isRecord(value: unknown): value is Config {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `config` with the API key variables excluded from command environments, when `env` holds any.
 * The keyed `filters` form merges with a `filters` table from config.toml; a legacy `exclude` list given
 * in `config` itself is extended instead (codex keeps one of the two forms per layer).
 */
export function excludeApiKeysFromCommands(
  config: Config,
  env: Readonly<Record<string, string | undefined>>,
): Config {
  const present = API_KEY_VARIABLES.filter((name) => env[name] !== undefined);
  if (present.length === 0) return config;
  const policy = isRecord(config.shell_environment_policy) ? config.shell_environment_policy : {};
  const legacy = Array.isArray(policy.exclude) || Array.isArray(policy.include_only);
  const nextPolicy: Config = legacy
    ? { ...policy, exclude: [...((policy.exclude as unknown[] | undefined) ?? []), ...API_KEY_VARIABLES] }
    : {
        ...policy,
        filters: {
          ...(isRecord(policy.filters) ? policy.filters : {}),
          ...Object.fromEntries(API_KEY_VARIABLES.map((name) => [name, "exclude"])),
        },
      };
  return { ...config, shell_environment_policy: nextPolicy };
}
