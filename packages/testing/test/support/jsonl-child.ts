import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import type { SpawnCommand } from "../../src/index.js";

export interface JsonMessage {
  readonly id?: string | number;
  readonly method?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: Record<string, unknown>;
  readonly error?: { code: number; message: string; data?: unknown };
  readonly [field: string]: unknown;
}

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * The raw side of a JSONL child: every stdout line parsed and kept in order, plus a way to wait for
 * the first message matching a predicate. Test-only; deliberately no JSON-RPC library in between.
 */
export class JsonlChild {
  readonly messages: JsonMessage[] = [];
  readonly garbage: string[] = [];
  readonly exited: Promise<ChildExit>;
  stderr = "";
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #listeners = new Set<() => void>();
  #exit: ChildExit | undefined;
  #nextId = 1;

  constructor(command: SpawnCommand) {
    this.#child = spawn(command.command, [...command.args], {
      env: command.env,
      cwd: command.cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.#child.stderr.on("data", (chunk: Buffer) => {
      this.stderr += chunk.toString("utf8");
      for (const listener of this.#listeners) listener();
    });
    const lines = createInterface({ input: this.#child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on("line", (line) => {
      try {
        this.messages.push(JSON.parse(line) as JsonMessage);
      } catch {
        this.garbage.push(line);
      }
      for (const listener of this.#listeners) listener();
    });
    this.exited = new Promise((resolve) => {
      this.#child.on("close", (code, signal) => {
        this.#exit = { code, signal };
        resolve(this.#exit);
        for (const listener of this.#listeners) listener();
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  write(message: Record<string, unknown>): void {
    this.#child.stdin.write(`${JSON.stringify(message)}\n`);
  }

  writeRaw(text: string): void {
    this.#child.stdin.write(text);
  }

  endStdin(): void {
    this.#child.stdin.end();
  }

  kill(signal: NodeJS.Signals = "SIGTERM"): void {
    this.#child.kill(signal);
  }

  /** Sends a request and resolves with its response message. */
  async request(
    method: string,
    params: Record<string, unknown> = {},
    timeoutMs = 20_000,
  ): Promise<JsonMessage> {
    const id = this.#nextId++;
    const from = this.messages.length;
    this.write({ id, method, params });
    return this.waitFor((m) => m.id === id && m.method === undefined, { from, timeoutMs });
  }

  /** The first message (at index >= from) that matches. */
  waitFor(
    match: (message: JsonMessage) => boolean,
    options: { from?: number; timeoutMs?: number } = {},
  ): Promise<JsonMessage> {
    const from = options.from ?? 0;
    return this.#waitUntil<JsonMessage>(
      () => {
        const found = this.messages.slice(from).find(match);
        if (found !== undefined) return { value: found };
        if (this.#exit !== undefined) {
          return {
            error: new Error(
              `child exited (${JSON.stringify(this.#exit)}) first\nstderr: ${this.stderr.slice(-2000)}`,
            ),
          };
        }
        return undefined;
      },
      () =>
        `no matching message within ${options.timeoutMs ?? 20_000} ms; got ${this.messages.length}: ${this.messages
          .map((m) => m.method ?? `response ${String(m.id)}`)
          .join(", ")}\nstderr: ${this.stderr.slice(-2000)}`,
      options.timeoutMs ?? 20_000,
    );
  }

  /** Resolves once stderr contains the text. */
  waitForStderr(text: string, timeoutMs = 20_000): Promise<void> {
    return this.#waitUntil(
      () => (this.stderr.includes(text) ? { value: undefined } : undefined),
      () => `stderr never contained ${JSON.stringify(text)}: ${this.stderr.slice(-2000)}`,
      timeoutMs,
    );
  }

  /** Re-runs `probe` on every new message or stderr chunk until it settles, or rejects after timeoutMs. */
  #waitUntil<T>(
    probe: () => { value: T } | { error: Error } | undefined,
    timeoutMessage: () => string,
    timeoutMs: number,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const outcome = probe();
        if (outcome === undefined) return;
        cleanup();
        if ("error" in outcome) reject(outcome.error);
        else resolve(outcome.value);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(timeoutMessage()));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#listeners.delete(check);
      };
      this.#listeners.add(check);
      check();
    });
  }

  /** Waits for a notification by method (from the given message index). */
  notification(method: string, options: { from?: number; timeoutMs?: number } = {}): Promise<JsonMessage> {
    return this.waitFor((m) => m.method === method && m.id === undefined, options);
  }

  /** Resolves once stdout and the process have both ended. */
  async close(): Promise<ChildExit> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.stdin.end();
    return this.exited;
  }
}

export interface WireItem {
  readonly type?: string;
  readonly id?: string;
  readonly [field: string]: unknown;
}

export interface WireTurn {
  readonly id?: string;
  readonly status?: string;
  readonly error?: { readonly message?: string; readonly codexErrorInfo?: unknown } | null;
  readonly [field: string]: unknown;
}

/** `params.item` of an item notification. */
export function itemOf(message: JsonMessage | undefined): WireItem | undefined {
  return message?.params?.item as WireItem | undefined;
}

/** `result.turn` of a turn/start response or `params.turn` of turn notifications. */
export function turnOf(message: JsonMessage | undefined): WireTurn | undefined {
  return (message?.result?.turn ?? message?.params?.turn) as WireTurn | undefined;
}

/** The thread id of a thread/start (or resume/fork) response. */
export function threadIdOf(message: JsonMessage): string {
  const thread = message.result?.thread as { id?: unknown } | undefined;
  if (typeof thread?.id !== "string") throw new Error(`no thread id in ${JSON.stringify(message)}`);
  return thread.id;
}
