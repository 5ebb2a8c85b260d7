// Pass/fail lines for the consumer test, one per check, and the closing count.
import { execFile } from "node:child_process";

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

export class Report {
  readonly results: CheckResult[] = [];

  /** Runs one check; a thrown error (or a rejected promise) is its failure, never the run's end. */
  async check(name: string, body: () => unknown | Promise<unknown>): Promise<boolean> {
    const started = Date.now();
    try {
      const detail = await body();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      this.results.push({ name, ok: true });
      console.log(`PASS ${name} (${seconds} s)${typeof detail === "string" && detail ? ` — ${detail}` : ""}`);
      return true;
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      this.results.push({ name, ok: false, detail });
      console.log(`FAIL ${name}\n${indent(detail)}`);
      return false;
    }
  }

  get failed(): number {
    return this.results.filter((r) => !r.ok).length;
  }

  summary(): string {
    return `consumer: ${this.results.length - this.failed} passed, ${this.failed} failed`;
  }
}

export class CommandError extends Error {}

/** Runs a command with a time limit; rejects with its output when it fails. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs ?? 300_000,
        killSignal: "SIGKILL",
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr });
        const why = error.killed
          ? `timed out after ${options.timeoutMs ?? 300_000} ms`
          : error.message.split("\n")[0];
        reject(
          new CommandError(
            `$ ${command} ${args.join(" ")}  (in ${options.cwd})\n${why}\n${tail(stdout)}${tail(stderr)}`,
          ),
        );
      },
    );
  });
}

function tail(text: string, lines = 40): string {
  const kept = text.trimEnd().split("\n").slice(-lines).join("\n");
  return kept ? `${kept}\n` : "";
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}
