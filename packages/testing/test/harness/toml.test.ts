import { describe, expect, it } from "vitest";
import { toToml } from "../../src/index.js";

describe("toToml", () => {
  it("writes scalars before tables and nests tables by dotted headers", () => {
    expect(
      toToml({
        model: "mock-model",
        retries: 0,
        ratio: 0.5,
        enabled: true,
        model_providers: { mock: { name: "mock", base_url: "http://127.0.0.1:1/v1", nested: { deep: 1 } } },
        features: { remote_models: false },
      }),
    ).toBe(
      [
        'model = "mock-model"',
        "retries = 0",
        "ratio = 0.5",
        "enabled = true",
        "",
        "[model_providers.mock]",
        'name = "mock"',
        'base_url = "http://127.0.0.1:1/v1"',
        "",
        "[model_providers.mock.nested]",
        "deep = 1",
        "",
        "[features]",
        "remote_models = false",
        "",
      ].join("\n"),
    );
  });

  it("quotes keys that are not bare and escapes strings", () => {
    expect(toToml({ "a.b": 'say "hi"\n\tand \\ \u0001 \u007f', "ok-key_1": "x" })).toBe(
      '"a.b" = "say \\"hi\\"\\n\\tand \\\\ \\u0001 \\u007F"\nok-key_1 = "x"\n',
    );
  });

  it("writes arrays inline, objects inside mixed arrays as inline tables", () => {
    expect(toToml({ list: ["a", 1, true], mixed: [1, { k: "v" }], empty: [] })).toBe(
      'list = ["a", 1, true]\nmixed = [1, { k = "v" }]\nempty = []\n',
    );
  });

  it("writes arrays of objects as arrays of tables", () => {
    expect(toToml({ servers: [{ name: "a", env: { X: "1" } }, { name: "b" }] })).toBe(
      '[[servers]]\nname = "a"\n\n[servers.env]\nX = "1"\n\n[[servers]]\nname = "b"\n',
    );
  });

  it("skips null and undefined members, keeps empty tables, writes special floats and dates", () => {
    expect(
      toToml({
        gone: null,
        missing: undefined,
        empty: {},
        inf: Number.POSITIVE_INFINITY,
        nan: Number.NaN,
        when: new Date("2026-01-02T03:04:05.000Z"),
      }),
    ).toBe("inf = inf\nnan = nan\nwhen = 2026-01-02T03:04:05.000Z\n\n[empty]\n");
  });

  it("rejects null inside arrays with the path of the bad value", () => {
    expect(() => toToml({ a: { list: [1, null] } })).toThrow("a.list[1] is null");
  });

  it("returns an empty string for an empty document", () => {
    expect(toToml({})).toBe("");
  });
});
