import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BinaryNotFoundError,
  CODEX_VERSION,
  CodexError,
  findPlatform,
  resolveCodexBinary,
} from "../src/index.js";

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

function fakeExecutable(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, "#!/bin/sh\necho fake\n");
  chmodSync(path, 0o755);
  return path;
}

const scratch = mkdtempSync(join(tmpdir(), "codex-resolve-"));
const onPath = fakeExecutable(join(scratch, "bin"), "codex");
const fromEnv = fakeExecutable(join(scratch, "env"), "codex-env");
const fromOption = fakeExecutable(join(scratch, "opt"), "codex-opt");

describe("resolveCodexBinary", () => {
  it("finds the pinned binary from the platform package, and it runs at the pinned version", () => {
    const resolved = resolveCodexBinary({ env: { PATH: "" } });
    expect(resolved.source).toBe("platform-package");
    expect(resolved.pinnedVersion).toBe(CODEX_VERSION);
    expect(resolved.path).toContain(`vendor/${findPlatform()?.triple}/bin/codex`);
    const version = execFileSync(resolved.path, ["--version"], { encoding: "utf8" }).trim();
    expect(version).toBe(`codex-cli ${CODEX_VERSION}`);
  });

  it("prefers the explicit option, then CODEX_PATH, then the platform package, then PATH", () => {
    const env = { CODEX_PATH: fromEnv, PATH: join(scratch, "bin") };
    expect(resolveCodexBinary({ codexPath: fromOption, env })).toMatchObject({
      path: fromOption,
      source: "option",
    });
    expect(resolveCodexBinary({ env })).toMatchObject({ path: fromEnv, source: "env" });
    expect(resolveCodexBinary({ env: { PATH: env.PATH } }).source).toBe("platform-package");
    // A platform with no runtime-bin package falls through to PATH.
    expect(resolveCodexBinary({ env: { PATH: env.PATH }, platform: "freebsd", arch: "x64" })).toMatchObject({
      path: onPath,
      source: "path",
    });
  });

  it("fails on a codexPath that does not exist instead of falling back, naming the path", () => {
    const missing = join(scratch, "nope", "codex");
    const error = catchError(() => resolveCodexBinary({ codexPath: missing, env: { CODEX_PATH: fromEnv } }));
    expect(error).toBeInstanceOf(BinaryNotFoundError);
    expect(error).toBeInstanceOf(CodexError);
    expect(error).toMatchObject({ name: "BinaryNotFoundError", retryable: false });
    const notFound = error as BinaryNotFoundError;
    expect(notFound.attempts).toEqual([
      { source: "option", location: `codexPath option=${missing}`, outcome: "no such file" },
    ]);
    expect(notFound.likelyCause).toContain(`codexPath option is set to ${missing}`);
    expect(notFound.message).toContain(missing);
  });

  it("fails on CODEX_PATH set to a missing or non-executable file, naming it", () => {
    const missing = join(scratch, "nope", "codex");
    const missingError = catchError(() => resolveCodexBinary({ env: { CODEX_PATH: missing, PATH: "" } }));
    expect(missingError).toBeInstanceOf(BinaryNotFoundError);
    expect((missingError as BinaryNotFoundError).message).toContain(`CODEX_PATH=${missing}`);
    expect((missingError as BinaryNotFoundError).attempts.map((a) => a.source)).toEqual(["option", "env"]);

    const plain = join(scratch, "plain-file");
    writeFileSync(plain, "not a program");
    chmodSync(plain, 0o644);
    const notExecutable = catchError(() => resolveCodexBinary({ env: { CODEX_PATH: plain } }));
    expect((notExecutable as BinaryNotFoundError).attempts.at(-1)?.outcome).toBe("not executable");
  });

  it("lists every place tried when nothing explicit is set and nothing is found", () => {
    const error = catchError(() => resolveCodexBinary({ env: { PATH: "" }, platform: "aix", arch: "ppc64" }));
    expect(error).toBeInstanceOf(BinaryNotFoundError);
    const notFound = error as BinaryNotFoundError;
    expect(notFound.attempts.map((a) => a.source)).toEqual(["option", "env", "platform-package", "path"]);
    expect(notFound.attempts[0]?.outcome).toBe("not set");
    expect(notFound.likelyCause).toContain("no binary for aix-ppc64");
    expect(notFound.message).toContain("supported: linux-x64");
  });

  it("blames copied node_modules when another platform's binary is present but not ours", () => {
    // linux-arm64 has no package here but linux-x64 does: exactly the copied-from-another-CPU situation.
    const error = catchError(() =>
      resolveCodexBinary({ env: { PATH: "" }, platform: "linux", arch: "arm64" }),
    ) as BinaryNotFoundError;
    expect(error.attempts.find((a) => a.source === "platform-package")?.outcome).toMatch(
      /optional dependency @openai\/codex-linux-arm64 is not installed/,
    );
    expect(error.likelyCause).toContain("copied from another OS/CPU");
    expect(error.likelyCause).toContain("linux-x64");
  });

  it("looks up PATHEXT names on Windows", () => {
    const winDir = join(scratch, "win");
    const cmd = fakeExecutable(winDir, "codex.cmd");
    const resolved = resolveCodexBinary({
      env: { Path: winDir, PATHEXT: ".EXE;.CMD" },
      platform: "win32",
      arch: "ia32",
    });
    expect(resolved).toMatchObject({ path: cmd, source: "path" });
  });
});
