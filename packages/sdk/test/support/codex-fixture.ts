import {
  type CodexTestEnv,
  type CodexTestEnvOptions,
  inputTexts,
  type RecordedRequest,
  reply,
  startCodexTestEnv,
} from "@codex/app-server-testing";
import { afterAll, beforeAll } from "vitest";
import { Codex, type CodexOptions } from "../../src/index.js";

export interface CodexFixture {
  readonly env: CodexTestEnv;
  readonly codex: Codex;
  /** A second client on the same CODEX_HOME (another process), e.g. for resume tests. */
  newClient<E extends boolean = false>(options?: CodexOptions<E>): Codex<E>;
  close(): Promise<void>;
}

/** A mock Responses API, an isolated CODEX_HOME, and a Codex client spawning the pinned binary. */
export async function startFixture(
  options: CodexTestEnvOptions & { readonly codex?: Omit<CodexOptions, "experimentalApi"> } = {},
): Promise<CodexFixture> {
  const { codex: codexOptions, ...envOptions } = options;
  const env = await startCodexTestEnv(envOptions);
  const clients: Codex<boolean>[] = [];
  const newClient = <E extends boolean = false>(extra: CodexOptions<E> = {}): Codex<E> => {
    const client = new Codex<E>({
      codexPath: env.codexPath,
      env: env.env,
      cwd: env.workspace,
      clientInfo: { name: "sdk_tests", version: "0.0.0" },
      ...codexOptions,
      ...extra,
    });
    clients.push(client);
    return client;
  };
  const codex = newClient();
  return {
    env,
    codex,
    newClient,
    close: async () => {
      await Promise.all(clients.map((client) => client.close()));
      await env.close();
    },
  };
}

/**
 * One fixture for the whole test file: started before its first test, closed after its last. The returned
 * object forwards to the started fixture, so tests read `fx.codex` as if it were the fixture itself.
 */
export function useFixture(timeoutMs: number, options?: Parameters<typeof startFixture>[0]): CodexFixture {
  let started: CodexFixture | undefined;
  beforeAll(async () => {
    started = await startFixture(options);
  }, timeoutMs);
  afterAll(async () => {
    await started?.close();
  }, timeoutMs);
  return new Proxy({} as CodexFixture, {
    get(_target, key) {
      if (!started) throw new Error("the codex fixture is used before beforeAll started it");
      return Reflect.get(started, key);
    },
  });
}

/** The last user text the model was sent (the prompt of the turn that made this request). */
export function lastPrompt(request: RecordedRequest): string {
  return inputTexts(request).at(-1) ?? "";
}

/** A reply factory that answers each request with `echo:<prompt>`, streamed word by word. */
export const echoReply =
  (eventDelayMs = 5) =>
  (request: RecordedRequest) =>
    reply.message(`echo:${lastPrompt(request)}`, { deltas: "auto", eventDelayMs });
