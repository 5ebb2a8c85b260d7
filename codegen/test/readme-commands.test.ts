// The README's two commands are what a fresh machine runs, and CI runs exactly the test one.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { readmeCommand } from "../../scripts/readme-command.mjs";

const root = join(import.meta.dirname, "..", "..");
const read = (path: string) => readFileSync(join(root, path), "utf8");
const packageJson = JSON.parse(read("package.json")) as {
  packageManager: string;
  scripts: Record<string, string>;
};
const pnpmVersion = packageJson.packageManager.split("@")[1];

describe("README commands", () => {
  it.each(["demo", "test"])(
    "the %s command installs the pinned pnpm and the lockfile's dependencies",
    (name) => {
      const command = readmeCommand(read("README.md"), name) as string | undefined;
      expect(command).toBe(
        `npm i -g pnpm@${pnpmVersion} && pnpm install --frozen-lockfile && pnpm ${name === "test" ? "verify" : "demo"}`,
      );
    },
  );

  it(".ci/run runs the README's test command and nothing else", () => {
    const ci = read(".ci/run");
    expect(ci).toContain("node scripts/readme-command.mjs test");
    expect(ci.split("\n").filter((line) => /^\s*(pnpm|npm|apt-get)\b/.test(line))).toEqual([]);
  });

  it("pnpm verify checks the system packages first, then everything CI used to run", () => {
    const steps = packageJson.scripts.verify?.split(" && ");
    expect(steps).toEqual([
      "node scripts/system-deps.mjs",
      "pnpm codegen:check",
      "pnpm typecheck",
      "pnpm lint",
      "pnpm test",
      "pnpm test:consumer",
    ]);
    expect(packageJson.scripts.test).toMatch(/^node scripts\/system-deps\.mjs && /);
  });
});

describe("scripts/system-deps.mjs", () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [join(root, "scripts/system-deps.mjs"), "--check"], {
      encoding: "utf8",
      env: { PATH: "/nonexistent", ...env },
    });

  it("stops at once naming every missing package and how to install it", () => {
    const result = run({
      REDIS_SERVER_PATH: "/nonexistent/redis-server",
      CHROMIUM_PATH: "/nonexistent/chromium",
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("redis-server (the @codex/queue tests");
    expect(result.stderr).toContain("chromium (the web-chat page test");
    expect(result.stderr).toContain("apt-get install -y redis-server chromium");
    const one = run({ REDIS_SERVER_PATH: process.execPath, CHROMIUM_PATH: "/nonexistent/chromium" });
    expect(one.status).toBe(1);
    expect(one.stderr).not.toContain("redis-server (");
    expect(one.stderr).toContain("apt-get install -y chromium");
  });

  it("says nothing when everything is there", () => {
    const result = run({ REDIS_SERVER_PATH: process.execPath, CHROMIUM_PATH: process.execPath });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
  });
});
