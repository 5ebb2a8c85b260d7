// `pnpm codex:upgrade` end to end, in a throwaway copy of this repository (committed in a fresh git repo)
// installed offline from a local registry that serves the locked @openai/codex versions plus fixture releases:
// a complete one, a partial one (two platforms), one whose schema the generator rejects, and a version
// that does not exist. Checks the refusals leave the tree untouched, a failure rolls everything back, a
// success moves every pin and leaves a lockfile `pnpm install --frozen-lockfile` accepts, and a re-run
// changes nothing. Nothing here writes to the repository itself.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findPlatform, PLATFORMS, resolveCodexBinary } from "@codex/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalRegistry, startLocalRegistry } from "../../scripts/consumer/local-registry.js";
import { BROKEN_METHOD, packFixtureReleases } from "./support/fixture-releases.js";
import { lockedPackuments } from "./support/locked-packument.js";
import {
  commit,
  copyEnv,
  makeRepoCopy,
  type Pins,
  REPO_ROOT,
  type RunResult,
  readJson,
  readPins,
  run,
  status,
} from "./support/repo-copy.js";

const ALL = PLATFORMS.map((platform) => platform.id);
const PARTIAL_PLATFORMS = ["linux-x64", "linux-arm64"];
const COMPLETE = "0.998.0";
const PARTIAL = "0.997.0";
const BROKEN = "0.996.0";
const MISSING = "0.995.0";

const host = findPlatform();
// The fixture binary for this machine is a shell script around the real codex: POSIX hosts only.
const supported = host !== undefined && process.platform !== "win32";

describe.skipIf(!supported)("pnpm codex:upgrade in a copy of the repository", () => {
  let work: string;
  let copy: string;
  let registry: LocalRegistry;
  let env: NodeJS.ProcessEnv;
  /** The pins the repository has now (read, never typed in). */
  let original: Pins;

  const upgrade = (...args: string[]): Promise<RunResult> =>
    run(copy, "pnpm", ["codex:upgrade", ...args, "--root", copy], env);
  const pnpm = (...args: string[]): Promise<RunResult> => run(copy, "pnpm", args, env);
  /** A command's exit and output, with any request the registry could not answer offline. */
  const show = (result: RunResult) => {
    const unanswered = registry.log.filter((line) => line.includes("(proxied)") || /-> 5\d\d/.test(line));
    return `exit ${result.code}\n${result.output}\nregistry requests not answered locally:\n${unanswered.join("\n")}`;
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "codex-upgrade-test-"));
    copy = join(work, "repo");
    mkdirSync(copy);
    const realCodex = resolveCodexBinary({ env: {}, searchPath: false }).path;
    const tarballs = packFixtureReleases({
      releases: [
        { version: COMPLETE, platforms: ALL },
        { version: PARTIAL, platforms: PARTIAL_PLATFORMS },
        { version: BROKEN, platforms: ALL, breakSchema: true },
      ],
      platforms: PLATFORMS,
      host,
      realCodex,
      dir: join(work, "tarballs"),
    });
    registry = await startLocalRegistry({
      tarballs: [],
      merged: tarballs,
      // Offline: every real package (the locked @openai/codex versions among them) comes from the lockfile,
      // its tarball from pnpm's store; anything else pnpm asks for fails at a dead upstream (and shows in
      // the failure's output).
      known: lockedPackuments(REPO_ROOT),
      upstream: "http://127.0.0.1:9/",
    });
    env = copyEnv(registry.url, join(work, "pnpm-cache"));
    makeRepoCopy(copy, registry.url);
    original = readPins(copy);
    const install = await pnpm("install", "--frozen-lockfile", "--prefer-offline");
    expect(install.code, show(install)).toBe(0);
  });

  afterAll(async () => {
    await registry?.close();
    if (work && !process.env.KEEP_UPGRADE_COPY) rmSync(work, { recursive: true, force: true });
  });

  it("exits 2 on a usage error", async () => {
    const none = await run(copy, "pnpm", ["codex:upgrade"], env);
    expect(none.code, show(none)).toBe(2);
    expect(none.output).toContain("usage: pnpm codex:upgrade");
    const invalid = await upgrade("latest");
    expect(invalid.code, show(invalid)).toBe(2);
    expect(invalid.output).toContain("not a codex version: latest");
    expect(status(copy)).toBe("");
  });

  it("refuses when a path it writes is dirty, before writing anything", async () => {
    const dirty = "packages/runtime-bin/linux-x64/README.md";
    // Not written by the upgrade (only .changeset/codex-*.md are): may be dirty.
    const unrelated = ".changeset/README.md";
    const before = readFileSync(join(copy, "packages/runtime/src/platforms.ts"), "utf8");
    writeFileSync(join(copy, dirty), `${readFileSync(join(copy, dirty), "utf8")}\nlocal edit\n`);
    writeFileSync(join(copy, unrelated), `${readFileSync(join(copy, unrelated), "utf8")}\nlocal edit\n`);
    try {
      const result = await upgrade(COMPLETE);
      expect(result.code, show(result)).toBe(1);
      expect(result.output).toContain("uncommitted changes");
      expect(result.output).toContain(dirty);
      expect(result.output).not.toContain(`  ${unrelated}\n`);
      expect(readFileSync(join(copy, "packages/runtime/src/platforms.ts"), "utf8")).toBe(before);
      expect(status(copy).split("\n").sort()).toEqual([` M ${unrelated}`, ` M ${dirty}`].sort());
    } finally {
      await run(copy, "git", ["checkout", "--", dirty, unrelated], env);
    }
    expect(status(copy)).toBe("");
  });

  it("refuses a version the registry does not have", async () => {
    const result = await upgrade(MISSING);
    expect(result.code, show(result)).not.toBe(0);
    expect(result.output).toContain(`codex ${MISSING} does not exist`);
    expect(status(copy)).toBe("");
  });

  it("refuses a partial release, naming the missing platforms", async () => {
    const result = await upgrade(PARTIAL);
    expect(result.code, show(result)).not.toBe(0);
    const missing = ALL.filter((id) => !PARTIAL_PLATFORMS.includes(id));
    expect(missing).toHaveLength(4);
    const line = result.output.split("\n").find((text) => text.includes("partial release")) ?? "";
    for (const id of missing) expect(line, show(result)).toContain(id);
    for (const id of PARTIAL_PLATFORMS) expect(line).not.toContain(id);
    expect(result.output).toContain("--allow-partial");
    expect(status(copy)).toBe("");
  });

  it("rolls everything back when a step fails (codegen rejects the schema)", async () => {
    const result = await upgrade(BROKEN);
    expect(result.code, show(result)).not.toBe(0);
    // The generator's tables reject the schema: in codegen, or already when schema:update counts methods.
    expect(result.output, show(result)).toMatch(/failed at step "(codegen|schema:update)"/);
    expect(result.output).toContain(`no result type for ${BROKEN_METHOD}`);
    expect(result.output).toContain("the tree was rolled back");
    expect(status(copy), show(result)).toBe("");
    expect(readPins(copy)).toEqual(original);
    const check = await pnpm("install", "--frozen-lockfile", "--offline");
    expect(check.code, show(check)).toBe(0);
  });

  it("upgrades to a complete release", async () => {
    const result = await upgrade(COMPLETE);
    expect(result.code, show(result)).toBe(0);
    expect(result.output).toMatch(/✓ codegen \(\d/);
    expect(result.output).toMatch(/ {2}total +\d/);

    const pins = readPins(copy);
    expect(pins).toEqual({ version: COMPLETE, previousVersion: original.version, missingPlatforms: [] });
    for (const id of ALL) {
      const manifest = readJson<{ codex: { version: string }; optionalDependencies: Record<string, string> }>(
        copy,
        `packages/runtime-bin/${id}/package.json`,
      );
      expect(manifest.codex.version).toBe(COMPLETE);
      expect(manifest.optionalDependencies).toEqual({
        [`@openai/codex-${id}`]: `npm:@openai/codex@${COMPLETE}-${id}`,
      });
    }
    const compat = readJson<{ optionalDependencies: Record<string, string> }>(copy, "compat/package.json");
    expect(compat.optionalDependencies).toEqual(
      Object.fromEntries(
        [...ALL].sort().map((id) => [`codex-previous-${id}`, `npm:@openai/codex@${original.version}-${id}`]),
      ),
    );
    expect(Object.keys(compat.optionalDependencies)).toEqual(Object.keys(compat.optionalDependencies).sort());
    expect(readJson<{ codexVersion: string }>(copy, "schemas/manifest.json").codexVersion).toBe(COMPLETE);
    const generated = join(copy, "packages/protocol/src/generated");
    for (const file of readdirSync(generated).filter((name) => name.endsWith(".ts"))) {
      expect(readFileSync(join(generated, file), "utf8").split("\n", 1)[0]).toContain(`(codex ${COMPLETE},`);
    }
    const changeset = readFileSync(join(copy, `.changeset/codex-${COMPLETE}.md`), "utf8");
    expect(changeset).toContain(`from ${original.version} to ${COMPLETE}`);
    const fixed = readJson<{ fixed: string[][] }>(copy, ".changeset/config.json").fixed[0]!;
    for (const name of fixed) expect(changeset).toContain(`"${name}": minor`);
    const lockfile = readFileSync(join(copy, "pnpm-lock.yaml"), "utf8");
    for (const id of ALL) expect(lockfile).toContain(`npm:@openai/codex@${COMPLETE}-${id}`);
    const scripts = readJson<{ scripts: Record<string, string> }>(copy, "package.json").scripts;
    if (scripts["docs:tables"]) {
      const docs = await pnpm("docs:tables", "--check");
      expect(docs.code, show(docs)).toBe(0);
    }

    const check = await pnpm("install", "--frozen-lockfile");
    expect(check.code, show(check)).toBe(0);
    expect(status(copy)).not.toBe("");
    await run(copy, "git", ["add", "-A"], env);
    commit(copy, `codex ${COMPLETE}`);
  });

  it("does nothing when run again for the pinned version", async () => {
    const head = (await run(copy, "git", ["rev-parse", "HEAD"], env)).output;
    const result = await upgrade(COMPLETE);
    expect(result.code, show(result)).toBe(0);
    expect(result.output).toContain(`already on codex ${COMPLETE}`);
    expect(status(copy)).toBe("");
    expect((await run(copy, "git", ["rev-parse", "HEAD"], env)).output).toBe(head);
  });

  it.skipIf(!PARTIAL_PLATFORMS.includes(host?.id ?? ""))(
    "pins a partial release with --allow-partial, leaving out the missing binaries",
    async () => {
      const missing = ALL.filter((id) => !PARTIAL_PLATFORMS.includes(id));
      const result = await upgrade(PARTIAL, "--allow-partial");
      expect(result.code, show(result)).toBe(0);
      expect(readPins(copy)).toEqual({
        version: PARTIAL,
        previousVersion: COMPLETE,
        missingPlatforms: missing,
      });
      for (const id of ALL) {
        const manifest = readJson<{ optionalDependencies?: Record<string, string> }>(
          copy,
          `packages/runtime-bin/${id}/package.json`,
        );
        if (missing.includes(id)) expect(manifest.optionalDependencies ?? {}).toEqual({});
        else
          expect(manifest.optionalDependencies?.[`@openai/codex-${id}`]).toBe(
            `npm:@openai/codex@${PARTIAL}-${id}`,
          );
      }
      const changeset = readFileSync(join(copy, `.changeset/codex-${PARTIAL}.md`), "utf8");
      expect(changeset).toContain(`from ${COMPLETE} to ${PARTIAL}`);
      for (const id of missing) expect(changeset).toContain(id);
      // platforms.ts stays as biome formats it.
      const lint = await pnpm("exec", "biome", "check", "packages/runtime/src/platforms.ts");
      expect(lint.code, show(lint)).toBe(0);
      const check = await pnpm("install", "--frozen-lockfile");
      expect(check.code, show(check)).toBe(0);
    },
  );
});
