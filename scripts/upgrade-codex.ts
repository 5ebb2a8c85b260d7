// `pnpm codex:upgrade <version>`: bumps the pinned codex CLI, reinstalls the platform binary,
// regenerates schemas/ and the generated code, and adds a changeset for the fixed release group.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const version = process.argv[2];
if (!version || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
  console.error("usage: pnpm codex:upgrade <codex version, e.g. 0.170.0>");
  process.exit(2);
}

const platformsFile = join(root, "packages/runtime/src/platforms.ts");
const source = readFileSync(platformsFile, "utf8");
const pinPattern = /export const CODEX_VERSION = "([^"]+)";/;
const previous = pinPattern.exec(source)?.[1];
if (!previous) throw new Error(`no CODEX_VERSION pin found in ${platformsFile}`);
writeFileSync(platformsFile, source.replace(pinPattern, `export const CODEX_VERSION = "${version}";`));

const run = (cmd: string, args: string[]) => {
  console.log(`$ ${cmd} ${args.join(" ")}`);
  execFileSync(cmd, args, { cwd: root, stdio: "inherit" });
};
run("pnpm", ["runtime:sync"]);
run("pnpm", ["install", "--no-frozen-lockfile"]);
run("pnpm", ["schema:update"]);
run("pnpm", ["codegen"]);

const fixed: string[] = JSON.parse(readFileSync(join(root, ".changeset/config.json"), "utf8")).fixed[0];
const changeset = `---\n${fixed.map((name) => `"${name}": minor`).join("\n")}\n---\n\nUpgrade the pinned codex CLI from ${previous} to ${version}; wire types regenerated from its schema.\n`;
writeFileSync(join(root, ".changeset", `codex-${version}.md`), changeset);
console.log(`codex ${previous} -> ${version}: run pnpm typecheck && pnpm test, then commit.`);
