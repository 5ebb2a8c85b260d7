import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

it("examples/queue runs offline: two workers, threads continuing across them, an approval answered", async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--conditions=source", "--import", "tsx", join(repoRoot, "examples", "queue", "run.ts")],
    { cwd: repoRoot, timeout: 90_000 },
  );
  for (const name of ["alpha", "beta", "gamma"]) {
    expect(stdout).toMatch(
      new RegExp(`${name} +on worker-[ab]: I have seen 1 question\\(s\\): ${name}: first question\\n`),
    );
    expect(stdout).toMatch(
      new RegExp(
        `${name} +on worker-[ab]: I have seen 2 question\\(s\\): ${name}: first question / ${name}: follow-up\\n`,
      ),
    );
  }
  expect(stdout).toContain("approval asked for: /bin/bash -lc 'echo build ok'\ncommand completed\n");
  // Every job taken and none failed (the last one may still be finishing in BullMQ as the result arrives).
  expect(stdout).toContain("queue: 0 waiting, 0 on the rate limit, 0 failed\n");
}, 120_000);
