import { describe, expect, it } from "vitest";
import { configToArgs, tomlValue } from "../../src/transports/toml-overrides.js";
import { tomlKey, tomlString } from "../../src/transports/toml-string.js";

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

describe("the TOML string escaper", () => {
  it("escapes DEL, the C1 range and every C0 control but passes other text through", () => {
    expect(tomlString("a\u007fb")).toBe('"a\\u007Fb"');
    expect(tomlString("\u0085\u009f")).toBe('"\\u0085\\u009F"');
    expect(tomlString("\u0000\u0008\t\n\u001b")).toBe('"\\u0000\\b\\t\\n\\u001b"');
    expect(tomlString('é 😀 "q" \\')).toBe('"é 😀 \\"q\\" \\\\"');
  });

  it("leaves no raw control character in a --config value", () => {
    const [, flag] = configToArgs({ "k\u007f": "v\u007f\u0001" });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(flag).not.toMatch(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/);
    expect(flag).toBe('"k\\u007F"="v\\u007F\\u0001"');
  });

  it("quotes keys that are not bare", () => {
    expect(tomlKey("model_providers")).toBe("model_providers");
    expect(tomlKey("a.b")).toBe('"a.b"');
  });
});
