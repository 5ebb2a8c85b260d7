import { describe, expect, it } from "vitest";
import { configToArgs, tomlValue } from "../../src/transports/toml-overrides.js";

describe("configToArgs", () => {
  it("flattens nested objects into dotted keys with TOML values", () => {
    expect(
      configToArgs({
        model: "mock-model",
        model_providers: { mock: { base_url: "http://127.0.0.1:1/v1", request_max_retries: 0 } },
        features: { remote_models: false },
        "odd key": ["a", 1, true],
        skipped: undefined,
      }),
    ).toEqual([
      "--config",
      'model="mock-model"',
      "--config",
      'model_providers.mock.base_url="http://127.0.0.1:1/v1"',
      "--config",
      "model_providers.mock.request_max_retries=0",
      "--config",
      "features.remote_models=false",
      "--config",
      '"odd key"=["a", 1, true]',
    ]);
  });

  it("escapes strings and writes inline tables inside arrays", () => {
    expect(tomlValue('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
    expect(tomlValue([{ a: 1, "b c": "x" }])).toBe('[{a = 1, "b c" = "x"}]');
    expect(() => tomlValue(Number.NaN)).toThrow(TypeError);
    expect(() => tomlValue(null)).toThrow(TypeError);
  });
});
