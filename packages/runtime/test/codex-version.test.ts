import { describe, expect, it } from "vitest";
import {
  CODEX_PREVIOUS_VERSION,
  CODEX_VERSION,
  compareCodexVersions,
  parseCodexVersion,
} from "../src/index.js";

describe("codex versions", () => {
  it("parses releases and prereleases, with or without a leading v; rejects other text", () => {
    expect(parseCodexVersion("0.42.7")).toEqual({ core: [0, 42, 7], prerelease: "" });
    expect(parseCodexVersion("v1.2.3-alpha.4")).toEqual({ core: [1, 2, 3], prerelease: "alpha.4" });
    expect(parseCodexVersion("0.42")).toBeUndefined();
    expect(parseCodexVersion("codex-cli 0.1.0")).toBeUndefined();
  });

  it("orders numerically, a prerelease before its release, non-versions first", () => {
    const sorted = ["0.10.0", "0.9.1", "junk", "0.10.0-alpha.2", "0.10.0-alpha.10", "0.9.10"].sort(
      compareCodexVersions,
    );
    // Prerelease tags compare as text, as codex's own tags (alpha.N) need only within one N width.
    expect(sorted).toEqual(["junk", "0.9.1", "0.9.10", "0.10.0-alpha.10", "0.10.0-alpha.2", "0.10.0"]);
    expect(compareCodexVersions(CODEX_VERSION, CODEX_VERSION)).toBe(0);
    expect(compareCodexVersions(CODEX_PREVIOUS_VERSION, CODEX_VERSION)).toBeLessThan(0);
  });
});
