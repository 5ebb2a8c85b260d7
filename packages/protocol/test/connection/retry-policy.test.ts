import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "../../src/connection/retry-policy.js";
import { parseServerVersion } from "../../src/connection/server-version.js";

describe("backoffDelayMs", () => {
  it("grows exponentially, is capped, and jitters within [ceiling/2, ceiling]", () => {
    const options = { initialDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelayMs(0, options, () => 0)).toBe(50);
    expect(backoffDelayMs(0, options, () => 1)).toBe(100);
    expect(backoffDelayMs(2, options, () => 1)).toBe(400);
    expect(backoffDelayMs(10, options, () => 1)).toBe(1000);
    expect(backoffDelayMs(10, options, () => 0)).toBe(500);
  });
});

describe("parseServerVersion", () => {
  it("reads the version after the client name", () => {
    expect(parseServerVersion("my_sdk/0.169.0 (Debian 12.0.0; x86_64) xterm (my_sdk; 0.1.0)")).toBe(
      "0.169.0",
    );
    expect(parseServerVersion("x/0.170.0-alpha.1 (Linux)")).toBe("0.170.0-alpha.1");
    expect(parseServerVersion("no version here")).toBeUndefined();
  });
});
