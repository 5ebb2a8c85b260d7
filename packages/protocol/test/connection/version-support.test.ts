import { CODEX_PREVIOUS_VERSION, CODEX_VERSION } from "@codex/runtime";
import { describe, expect, it } from "vitest";
import { isSupportedCodexVersion, SUPPORTED_CODEX_RANGE } from "../../src/connection/version-support.js";

const bump = (version: string, index: 0 | 1 | 2, by: number) => {
  const parts = version.split("-")[0]!.split(".").map(Number);
  parts[index] = parts[index]! + by;
  for (let i = index + 1; i < 3; i++) parts[i] = 0;
  return parts.join(".");
};

describe("supported codex versions", () => {
  it("is the previous release to the pin, both from @codex/runtime", () => {
    expect(SUPPORTED_CODEX_RANGE).toEqual({ oldest: CODEX_PREVIOUS_VERSION, pinned: CODEX_VERSION });
  });

  it("accepts both ends and what lies between", () => {
    expect(isSupportedCodexVersion(CODEX_VERSION)).toBe(true);
    expect(isSupportedCodexVersion(CODEX_PREVIOUS_VERSION)).toBe(true);
    if ((CODEX_PREVIOUS_VERSION as string) !== CODEX_VERSION) {
      expect(isSupportedCodexVersion(`${CODEX_VERSION}-alpha.1`)).toBe(true); // after the previous release
    }
  });

  it("refuses older, newer, prereleases of the oldest, and text that is not a version", () => {
    expect(isSupportedCodexVersion(bump(CODEX_VERSION, 2, 1))).toBe(false);
    expect(isSupportedCodexVersion(bump(CODEX_VERSION, 1, 1))).toBe(false);
    expect(isSupportedCodexVersion(bump(CODEX_VERSION, 0, 1))).toBe(false);
    expect(isSupportedCodexVersion(`${CODEX_PREVIOUS_VERSION}-alpha.1`)).toBe(false);
    expect(isSupportedCodexVersion("0.0.1")).toBe(false);
    expect(isSupportedCodexVersion("latest")).toBe(false);
    expect(isSupportedCodexVersion(undefined)).toBe(false);
  });
});
