import { describe, expect, it } from "vitest";
import { buildSpawnEnv } from "../../src/transports/spawn-env.js";

const parent = { PATH: "/bin", HOME: "/home/u", SECRET: "s", OPENAI_API_KEY: "parent-key" };

describe("buildSpawnEnv", () => {
  it("inherits the parent env by default", () => {
    expect(buildSpawnEnv({}, parent)).toEqual(parent);
  });

  it("replaces the env when given, keeping only what a process needs to run", () => {
    expect(buildSpawnEnv({ env: { CODEX_HOME: "/tmp/h" } }, parent)).toEqual({
      PATH: "/bin",
      HOME: "/home/u",
      CODEX_HOME: "/tmp/h",
    });
  });

  it("merges with inheritEnv: true and removes undefined values", () => {
    expect(buildSpawnEnv({ env: { CODEX_HOME: "/h", SECRET: undefined }, inheritEnv: true }, parent)).toEqual(
      {
        PATH: "/bin",
        HOME: "/home/u",
        OPENAI_API_KEY: "parent-key",
        CODEX_HOME: "/h",
      },
    );
  });

  it("puts the API key into the env", () => {
    const env = buildSpawnEnv({ apiKey: "sk-test", inheritEnv: false }, parent);
    expect(env.CODEX_API_KEY).toBe("sk-test");
    expect(env.OPENAI_API_KEY).toBe("sk-test");
    expect(env.SECRET).toBeUndefined();
  });
});
