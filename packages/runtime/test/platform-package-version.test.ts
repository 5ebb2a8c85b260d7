// The platform-package lookup on node_modules trees built here: npm's nested and hoisted layouts and
// pnpm's symlinked store, with an official binary package of the pinned version or of another one.
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BinaryVersionMismatchError,
  CODEX_VERSION,
  CodexError,
  officialBinaryPath,
  PLATFORMS,
  resolveCodexBinary,
  runtimeBinPackageName,
} from "../src/index.js";

// Any platform will do: the trees are data, and the lookup is told which OS/CPU to resolve for.
const platform = PLATFORMS.find((p) => p.os !== "win32") ?? PLATFORMS[0]!;
const OTHER_VERSION = "0.1.0";

function writeJson(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value));
}

/** A runtime-bin package at `dir`. */
function runtimeBin(dir: string): void {
  writeJson(join(dir, "package.json"), { name: runtimeBinPackageName(platform), version: "0.0.0" });
}

/** An official `@openai/codex-<platform>` package at `dir` carrying codex `codexVersion`; returns its binary. */
function official(dir: string, codexVersion: string): string {
  writeJson(join(dir, "package.json"), { name: "@openai/codex", version: `${codexVersion}-${platform.id}` });
  const binary = officialBinaryPath(dir, platform);
  mkdirSync(dirname(binary), { recursive: true });
  writeFileSync(binary, "#!/bin/sh\n");
  chmodSync(binary, 0o755);
  return binary;
}

function app(): string {
  const root = mkdtempSync(join(tmpdir(), "codex-platform-package-"));
  writeJson(join(root, "package.json"), { name: "app", version: "1.0.0" });
  return root;
}

const resolveIn = (root: string, versionCheck?: "warn" | "strict" | "off") =>
  resolveCodexBinary({
    env: { PATH: "" },
    platform: platform.os as NodeJS.Platform,
    arch: platform.cpu,
    lookupFrom: join(root, "package.json"),
    ...(versionCheck ? { versionCheck } : {}),
  });

const officialDir = (nodeModules: string) => join(nodeModules, "@openai", `codex-${platform.id}`);
const runtimeBinDir = (nodeModules: string) =>
  join(nodeModules, ...runtimeBinPackageName(platform).split("/"));

describe("the platform package's binary and the pin", () => {
  it("takes the runtime-bin package's own nested binary over a hoisted one of another version", () => {
    const root = app();
    const modules = join(root, "node_modules");
    runtimeBin(runtimeBinDir(modules));
    official(officialDir(modules), OTHER_VERSION);
    const nested = official(officialDir(join(runtimeBinDir(modules), "node_modules")), CODEX_VERSION);
    const resolved = resolveIn(root, "strict");
    expect(resolved).toEqual({ path: nested, source: "platform-package", pinnedVersion: CODEX_VERSION });
  });

  it("takes pnpm's sibling link in the store over the store's hidden hoisted copy", () => {
    const root = app();
    const store = join(root, "node_modules", ".pnpm");
    const entry = join(store, "runtime-bin@0.0.0", "node_modules");
    runtimeBin(runtimeBinDir(entry));
    const sibling = official(officialDir(entry), CODEX_VERSION);
    official(officialDir(join(store, "node_modules")), OTHER_VERSION);
    const link = runtimeBinDir(join(root, "node_modules"));
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(runtimeBinDir(entry), link, "dir");
    expect(resolveIn(root, "strict")).toMatchObject({ path: sibling, pinnedVersion: CODEX_VERSION });
  });

  it("returns another version's binary with versionMismatch naming both versions and paths (warn)", () => {
    const root = app();
    const modules = join(root, "node_modules");
    runtimeBin(runtimeBinDir(modules));
    const hoisted = official(officialDir(modules), OTHER_VERSION);
    for (const mode of ["warn", undefined, "off"] as const) {
      const resolved = resolveIn(root, mode);
      expect(resolved).toEqual({
        path: hoisted,
        source: "platform-package",
        pinnedVersion: undefined,
        versionMismatch: {
          expected: CODEX_VERSION,
          actual: OTHER_VERSION,
          binaryPath: hoisted,
          manifestPath: join(officialDir(modules), "package.json"),
        },
      });
    }
  });

  it("throws BinaryVersionMismatchError in strict mode, naming both versions and paths", () => {
    const root = app();
    const modules = join(root, "node_modules");
    runtimeBin(runtimeBinDir(modules));
    const hoisted = official(officialDir(modules), OTHER_VERSION);
    let error: unknown;
    try {
      resolveIn(root, "strict");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BinaryVersionMismatchError);
    expect(error).toBeInstanceOf(CodexError);
    const mismatch = error as BinaryVersionMismatchError;
    expect(mismatch).toMatchObject({ expected: CODEX_VERSION, actual: OTHER_VERSION, binaryPath: hoisted });
    for (const part of [CODEX_VERSION, OTHER_VERSION, hoisted, join(officialDir(modules), "package.json")]) {
      expect(mismatch.message).toContain(part);
    }
  });

  it("treats a package without a version as a mismatch too", () => {
    const root = app();
    const modules = join(root, "node_modules");
    runtimeBin(runtimeBinDir(modules));
    official(officialDir(modules), CODEX_VERSION);
    writeJson(join(officialDir(modules), "package.json"), { name: "@openai/codex" });
    expect(resolveIn(root).versionMismatch?.actual).toBe("unknown");
  });
});
