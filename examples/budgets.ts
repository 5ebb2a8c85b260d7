// Budgets: cap what a thread may spend; the turn that reaches the cap is interrupted, the next refused.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) =>
    mock.enqueue(
      reply.withUsage(reply.message("Plan written."), { input: 3000, output: 500 }),
      reply.withUsage(reply.execCommand("echo step 1"), { input: 3000, output: 300 }),
      reply.withUsage(reply.execCommand("echo step 2"), { input: 1500, output: 100 }),
      reply.hang(reply.message("...", { done: false })),
    ),
});

// #region budgets
import { BudgetExceededError, Codex } from "@codex/app-server-sdk";

const codex = new Codex({
  prices: { "mock-model": { input: 1.25, output: 10 } },
  onWarning: (warning) => console.log(`warning: ${warning.message}`),
});
try {
  // At most 8000 tokens or $0.05 for the whole thread; warn at 80% of either.
  const thread = await codex.startThread({ budget: { maxTokens: 8000, maxCostUsd: 0.05 } });
  for (const prompt of ["Write the plan.", "Carry it out.", "And more."]) {
    try {
      const { usage } = await thread.run(prompt);
      console.log(`done: ${usage?.totalTokens} tokens`);
    } catch (error) {
      if (!(error instanceof BudgetExceededError)) throw error;
      console.log(`stopped: ${error.message}`);
    }
  }
} finally {
  await codex.close();
}
// #endregion
