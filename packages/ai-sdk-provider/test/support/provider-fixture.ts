import { type CodexTestEnv, startCodexTestEnv } from "@codex/app-server-testing";
import { afterAll, beforeAll } from "vitest";
import { type CodexProvider, type CodexProviderSettings, createCodexProvider } from "../../src/index.js";

export interface ProviderFixture {
  readonly env: CodexTestEnv;
  readonly codex: CodexProvider;
  /** Another provider on the same CODEX_HOME (its own app-server), e.g. a restarted app. */
  newProvider(settings?: CodexProviderSettings): CodexProvider;
}

/** A mock Responses API, an isolated CODEX_HOME and a provider spawning the pinned codex, per test file. */
export function useProviderFixture(timeoutMs: number): ProviderFixture {
  let env: CodexTestEnv | undefined;
  const providers: CodexProvider[] = [];
  const newProvider = (settings: CodexProviderSettings = {}): CodexProvider => {
    if (!env) throw new Error("the provider fixture is used before beforeAll started it");
    const provider = createCodexProvider({
      codexOptions: {
        codexPath: env.codexPath,
        env: env.env,
        cwd: env.workspace,
        clientInfo: { name: "ai_sdk_provider_tests", version: "0.0.0" },
      },
      ...settings,
      threadOptions: { cwd: env.workspace, ...settings.threadOptions },
    });
    providers.push(provider);
    return provider;
  };
  let first: CodexProvider | undefined;
  beforeAll(async () => {
    // Many threads start in one file: skip codex's per-thread login-shell snapshot.
    env = await startCodexTestEnv({ config: { features: { shell_snapshot: false } } });
    first = newProvider();
  }, timeoutMs);
  afterAll(async () => {
    await Promise.all(providers.map((provider) => provider.close()));
    await env?.close();
  }, timeoutMs);
  return {
    get env() {
      if (!env) throw new Error("the provider fixture is used before beforeAll started it");
      return env;
    },
    get codex() {
      if (!first) throw new Error("the provider fixture is used before beforeAll started it");
      return first;
    },
    newProvider,
  };
}
