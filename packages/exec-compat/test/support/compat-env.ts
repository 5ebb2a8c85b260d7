// A mock Responses API and an isolated CODEX_HOME (shell snapshots off, many threads start here), a git
// workspace, and both SDKs on the same pinned codex: ours, and @openai/codex-sdk for side-by-side checks.
import { execFileSync } from "node:child_process";
import { type CodexTestEnv, startCodexTestEnv, type TomlTable } from "@codex/app-server-testing";
import { Codex as ExecCodex } from "@openai/codex-sdk";
import { afterAll, beforeAll } from "vitest";
import { Codex, type CodexOptions, closeCodex, type Thread, type ThreadOptions } from "../../src/index.js";

export interface CompatEnv {
  readonly env: CodexTestEnv;
  /** A compat Codex on the pinned binary, with the test env (closed with the env). */
  compat(options?: CodexOptions): Codex;
  /** The original SDK on the same binary and env. */
  exec(options?: ConstructorParameters<typeof ExecCodex>[0]): ExecCodex;
  close(): Promise<void>;
}

export async function startCompatEnv(config: TomlTable = {}): Promise<CompatEnv> {
  const env = await startCodexTestEnv({ config: { features: { shell_snapshot: false }, ...config } });
  // codex exec refuses to run outside a git repository; so does the compat package.
  execFileSync("git", ["init", "-q"], { cwd: env.workspace });
  const clients: Codex[] = [];
  return {
    env,
    compat(options = {}) {
      const codex = new Codex({ codexPathOverride: env.codexPath, env: { ...env.env }, ...options });
      clients.push(codex);
      return codex;
    },
    exec(options = {}) {
      return new ExecCodex({ codexPathOverride: env.codexPath, env: { ...env.env }, ...options });
    },
    async close() {
      await Promise.all(clients.map((client) => closeCodex(client)));
      await env.close();
    },
  };
}

/** One env per test file. */
export function useCompatEnv(config?: TomlTable): CompatEnv {
  let started: CompatEnv | undefined;
  beforeAll(async () => {
    started = await startCompatEnv(config);
  }, 60_000);
  afterAll(async () => {
    await started?.close();
  }, 60_000);
  return new Proxy({} as CompatEnv, {
    get(_target, key) {
      if (!started) throw new Error("the compat env is used before beforeAll started it");
      return Reflect.get(started, key);
    },
  });
}

/** Every event of a streamed turn; a thrown error is returned as `error` after the events before it. */
export async function collect<E>(events: AsyncIterable<E>): Promise<{ events: E[]; error?: Error }> {
  const seen: E[] = [];
  try {
    for await (const event of events) seen.push(event);
    return { events: seen };
  } catch (error) {
    return { events: seen, error: error as Error };
  }
}

/** Events with values that differ run to run (thread ids, temp paths) replaced by placeholders. */
export function normalize(events: readonly unknown[], workspace: string): unknown[] {
  return JSON.parse(
    JSON.stringify(events)
      .replace(/"thread_id":"[^"]+"/g, '"thread_id":"<thread>"')
      .replaceAll(workspace, "<workspace>"),
  );
}

/** Either SDK, as far as a side-by-side test uses it (the classes differ only in private members). */
export interface AnyCodex {
  startThread(options?: ThreadOptions): { [K in keyof Thread]: Thread[K] };
}
