// Usage and cost: each turn's own tokens, the thread's running total, and a cost estimate in USD.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) =>
    mock.enqueue(
      reply.withUsage(reply.message("Hello."), { input: 1200, cached: 1000, output: 80, reasoning: 20 }),
      reply.withUsage(reply.message("Hello again."), { input: 1500, cached: 1200, output: 40 }),
    ),
});

// #region usage-and-cost
import { Codex } from "@codex/app-server-sdk";

// Prices in USD per million tokens, over the SDK's built-in table (the mock model has no built-in price).
const codex = new Codex({ prices: { "mock-model": { input: 1.25, cachedInput: 0.125, output: 10 } } });
try {
  const thread = await codex.startThread({ sandbox: "read-only" });
  for (const prompt of ["Say hello.", "Say it again."]) {
    const { usage, cost } = await thread.run(prompt);
    console.log(
      `turn: ${usage?.inputTokens} in (${usage?.cachedInputTokens} cached), ${usage?.outputTokens} out`,
    );
    console.log(
      cost.usd === undefined
        ? `cost: unknown (${cost.reason})`
        : `cost: $${cost.usd.toFixed(6)} on ${cost.model}`,
    );
  }
  console.log(`thread total: ${thread.usage()?.total.totalTokens} tokens`);
} finally {
  await codex.close();
}
// #endregion
