// One real codex (the pinned binary against the mock model) per test file, instrumented into an in-memory
// exporter. Live ESM bindings: `env`, `codex` and `tracing` are set by the hooks `useTracedCodex()` registers.
import { Codex } from "@codex/app-server-sdk";
import { type CodexTestEnv, startCodexTestEnv, type TomlTable } from "@codex/app-server-testing";
import { context } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type CodexInstrumentation, instrumentCodex } from "../../src/index.js";

export const T = 60_000;
export const exporter = new InMemorySpanExporter();
export const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
/** The app's own tracer, for the spans turns must nest under. */
export const appTracer = provider.getTracer("app");
export let env: CodexTestEnv;
export let codex: Codex;
export let tracing: CodexInstrumentation;

/** Starts codex with this extra CODEX_HOME config, instruments it, and clears the exporter before each test. */
export function useTracedCodex(config: TomlTable = {}): void {
  beforeAll(async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    env = await startCodexTestEnv({ config: { features: { shell_snapshot: false }, ...config } });
    codex = new Codex({
      codexPath: env.codexPath,
      env: env.env,
      cwd: env.workspace,
      clientInfo: { name: "otel_tests", version: "0.0.0" },
    });
    tracing = instrumentCodex({ tracerProvider: provider });
  }, T);
  afterAll(async () => {
    tracing?.disable();
    await codex?.close();
    await env?.close();
    context.disable();
  }, T);
  beforeEach(() => exporter.reset());
}

export const spansNamed = (name: string): ReadableSpan[] =>
  exporter.getFinishedSpans().filter((s) => s.name === name);
