import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const examplesDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

export interface ExampleRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs examples/<name>.ts offline in its own process (as `pnpm example <name>` does), feeding `stdin`. */
export function runExample(name: string, stdin = ""): Promise<ExampleRun> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" };
  for (const key of Object.keys(env))
    if (key.startsWith("CODEX_") || key.startsWith("OPENAI_")) delete env[key];
  const child = spawn(process.execPath, [tsxCli, "--conditions=source", join(examplesDir, `${name}.ts`)], {
    cwd: examplesDir,
    env,
    stdio: "pipe",
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

/** Fails with the example's output when it did not exit cleanly. */
export function assertSucceeded(run: ExampleRun): string {
  if (run.exitCode !== 0) {
    throw new Error(
      `exit code ${run.exitCode}\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`,
    );
  }
  return run.stdout;
}
