// `pnpm example opentelemetry [--live]`: traces a turn with @codex/opentelemetry and prints the span tree.
import { reply } from "@codex/app-server-testing";
import { startExample } from "../support/example-env.js";

await using _example = await startExample({
  script: (mock) => mock.enqueue(reply.execCommand("echo traced"), reply.message("Ran it.")),
});

// #region opentelemetry
import { Codex, dangerouslyApproveAll } from "@codex/app-server-sdk";
import { instrumentCodex } from "@codex/opentelemetry";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";

// Your app's tracing setup (use your real exporter, e.g. OTLP, instead of the in-memory one).
const exporter = new InMemorySpanExporter();
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(
  new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
);

using _tracing = instrumentCodex(); // disable() (or leaving this scope) stops tracing

const codex = new Codex({ serverRequests: dangerouslyApproveAll });
try {
  // "untrusted": codex asks before each command, so the approval shows up as a span event.
  const thread = await codex.startThread({ sandbox: "read-only", approvalPolicy: "untrusted" });
  await trace.getTracer("my-app").startActiveSpan("handle request", async (span) => {
    await thread.run("Run echo traced");
    span.end();
  });
} finally {
  await codex.close();
}
// #endregion

// Print the spans as a tree (children indented under their parent).
await new Promise((resolve) => setTimeout(resolve, 10));
const spans = exporter.getFinishedSpans();
const print = (parentId: string | undefined, depth: number): void => {
  for (const span of spans.filter((s: ReadableSpan) => s.parentSpanContext?.spanId === parentId)) {
    const keys = [
      "gen_ai.usage.input_tokens",
      "codex.turn.status",
      "process.command_line",
      "process.exit.code",
    ];
    const shown = keys
      .filter((key) => span.attributes[key] !== undefined)
      .map((key) => `${key}=${span.attributes[key]}`);
    console.log(`${"  ".repeat(depth)}${span.name}${shown.length ? `  ${shown.join(" ")}` : ""}`);
    for (const event of span.events)
      console.log(`${"  ".repeat(depth + 1)}event ${event.name} ${JSON.stringify(event.attributes)}`);
    print(span.spanContext().spanId, depth + 1);
  }
};
print(undefined, 0);
