// The Debian packages `pnpm test` drives for real: redis-server (the @codex/queue tests) and chromium (the
// web-chat page test). Present: nothing happens. Missing, as root with apt-get: installed. Otherwise the run
// stops at once with one message naming them, instead of failing minutes later inside a test.
//
//   node scripts/system-deps.mjs            check, install when possible
//   node scripts/system-deps.mjs --check    check only (exit 1 when something is missing)
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** What the tests run, where they look for it, and the Debian package that provides it. */
const NEEDS = [
  { what: "redis-server", env: "REDIS_SERVER_PATH", package: "redis-server", for: "the @codex/queue tests" },
  { what: "chromium", env: "CHROMIUM_PATH", package: "chromium", for: "the web-chat page test" },
];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The env override when set, else the command on PATH (chromium: also Debian's /usr/bin/chromium). */
function found(need) {
  const override = process.env[need.env];
  if (override) return executable(override);
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  return dirs.some((dir) => executable(join(dir, need.what))) || executable(join("/usr/bin", need.what));
}

const missing = () => NEEDS.filter((need) => !found(need));

function describe(needs) {
  return needs.map((need) => `${need.what} (${need.for}; or set ${need.env})`).join(" and ");
}

function canApt() {
  return (
    process.platform === "linux" &&
    process.getuid?.() === 0 &&
    spawnSync("apt-get", ["--version"]).status === 0
  );
}

function apt(args) {
  const result = spawnSync("apt-get", args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return result.status === 0;
}

const absent = missing();
if (absent.length === 0) process.exit(0);
const packages = absent.map((need) => need.package);
if (process.argv.includes("--check") || !canApt()) {
  console.error(
    `pnpm test needs ${describe(absent)}, not found. Install the Debian package${packages.length > 1 ? "s" : ""}: ` +
      `sudo apt-get install -y ${packages.join(" ")}`,
  );
  process.exit(1);
}
console.error(`installing the Debian packages pnpm test needs: ${packages.join(" ")}`);
if (!apt(["update", "-qq"]) || !apt(["install", "-y", "-qq", ...packages]) || missing().length > 0) {
  console.error(
    `pnpm test needs ${describe(missing())}; installing ${packages.join(" ")} with apt-get failed.`,
  );
  process.exit(1);
}
