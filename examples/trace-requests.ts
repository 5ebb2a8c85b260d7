// Watch every JSON-RPC request the SDK sends, through node:diagnostics_channel (no cost when nobody listens).
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({ script: (mock) => mock.enqueue(reply.message("Traced.")) });

// #region trace-requests
import { tracingChannel } from "node:diagnostics_channel";
import { Codex } from "@codex/app-server-sdk";

interface RequestTrace {
  method: string;
  requestId?: string | number;
  error?: unknown;
}

tracingChannel<string, RequestTrace>("codex:app-server:request").subscribe({
  start: (ctx) => console.log(`→ ${ctx.method}`),
  asyncEnd: (ctx) => console.log(`← ${ctx.method} (id ${String(ctx.requestId)})`),
  error: (ctx) => console.log(`✗ ${ctx.method}: ${String(ctx.error)}`),
  end() {},
  asyncStart() {},
});

const codex = new Codex();
try {
  const thread = await codex.startThread();
  await thread.run("Say something short.");
  await thread.setName("").catch(() => {}); // an invalid name: the server answers with an error
} finally {
  await codex.close();
}
// #endregion
