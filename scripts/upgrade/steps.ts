// Runs the upgrade's steps one by one, timing each, and the commands they consist of.
import { spawn } from "node:child_process";

/** A command that exited non-zero; `tail` is the end of what it printed (stdout and stderr). */
export class CommandError extends Error {
  override name = "CommandError";
  constructor(
    readonly command: string,
    readonly exit: string,
    readonly tail: string,
  ) {
    super(`\`${command}\` failed (${exit})`);
  }
}

const TAIL_BYTES = 16 * 1024;

/**
 * Runs a command in `cwd`, echoing its output as it comes, and keeps the last few KB of it for the
 * failure summary. Resolves on exit 0, rejects with a CommandError otherwise.
 */
export function runCommand(
  cwd: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const line = [command, ...args].join(" ");
  console.log(`$ ${line}`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    const keep = (chunk: Buffer, to: NodeJS.WriteStream) => {
      to.write(chunk);
      tail = (tail + chunk.toString("utf8")).slice(-TAIL_BYTES);
    };
    child.stdout.on("data", (chunk: Buffer) => keep(chunk, process.stdout));
    child.stderr.on("data", (chunk: Buffer) => keep(chunk, process.stderr));
    child.on("error", (error) => reject(new CommandError(line, error.message, tail)));
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new CommandError(line, signal ? `signal ${signal}` : `exit ${code}`, tail));
    });
  });
}

export interface Step {
  readonly name: string;
  readonly run: () => Promise<void> | void;
}

export interface StepTiming {
  readonly name: string;
  readonly ms: number;
}

/** Thrown by runSteps: which step failed, and why. */
export class StepError extends Error {
  override name = "StepError";
  constructor(
    readonly step: string,
    override readonly cause: unknown,
    readonly timings: readonly StepTiming[],
  ) {
    super(`step "${step}" failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(1)}s`;
}

/** Runs the steps in order, printing each one's time; the first failure stops the run with a StepError. */
export async function runSteps(steps: readonly Step[]): Promise<StepTiming[]> {
  const timings: StepTiming[] = [];
  for (const step of steps) {
    console.log(`\n== ${step.name}`);
    const started = performance.now();
    try {
      await step.run();
    } catch (error) {
      timings.push({ name: step.name, ms: performance.now() - started });
      console.log(`✗ ${step.name} (${formatMs(performance.now() - started)})`);
      throw new StepError(step.name, error, timings);
    }
    const ms = performance.now() - started;
    timings.push({ name: step.name, ms });
    console.log(`✓ ${step.name} (${formatMs(ms)})`);
  }
  return timings;
}

/** One line per step and the total, for the closing summary. */
export function timingTable(timings: readonly StepTiming[]): string {
  const width = Math.max(...timings.map((timing) => timing.name.length), 5);
  const total = timings.reduce((sum, timing) => sum + timing.ms, 0);
  return [
    ...timings.map((timing) => `  ${timing.name.padEnd(width)}  ${formatMs(timing.ms)}`),
    `  ${"total".padEnd(width)}  ${formatMs(total)}`,
  ].join("\n");
}
