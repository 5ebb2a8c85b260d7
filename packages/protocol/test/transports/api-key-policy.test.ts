import { describe, expect, it } from "vitest";
import { excludeApiKeysFromCommands } from "../../src/transports/api-key-policy.js";
import { configToArgs } from "../../src/transports/toml-overrides.js";

describe("excludeApiKeysFromCommands", () => {
  it("leaves the config alone when the child's env holds no API key", () => {
    const config = { model: "m" };
    expect(excludeApiKeysFromCommands(config, { PATH: "/bin" })).toBe(config);
  });

  it("excludes both key variables through shell_environment_policy.filters, keeping other filters", () => {
    const config = { shell_environment_policy: { filters: { "AWS_*": "exclude" }, inherit: "all" } };
    const result = excludeApiKeysFromCommands(config, { OPENAI_API_KEY: "sk" });
    expect(result).toEqual({
      shell_environment_policy: {
        inherit: "all",
        filters: { "AWS_*": "exclude", OPENAI_API_KEY: "exclude", CODEX_API_KEY: "exclude" },
      },
    });
    expect(configToArgs(result)).toContain('shell_environment_policy.filters.CODEX_API_KEY="exclude"');
  });

  it("extends a legacy exclude list instead of mixing the two forms", () => {
    const config = { shell_environment_policy: { exclude: ["AWS_*"] } };
    expect(excludeApiKeysFromCommands(config, { CODEX_API_KEY: "sk" })).toEqual({
      shell_environment_policy: { exclude: ["AWS_*", "OPENAI_API_KEY", "CODEX_API_KEY"] },
    });
  });
});
