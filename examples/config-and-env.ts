// Config overrides (client-wide `--config` flags and per-thread config) and control of the app-server's env.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using example = await startExample({
  script: (mock) =>
    mock.enqueue(
      reply.execCommand('echo "greeting=$EXAMPLE_GREETING"'),
      reply.message("The command printed the greeting from the app-server's environment."),
    ),
});

// #region config-and-env
import { Codex, resultItems } from "@codex/app-server-sdk";

const codex = new Codex({
  // Client-wide: passed as `--config key=value` (TOML) to `codex app-server`.
  config: { model_reasoning_effort: "low", shell_environment_policy: { inherit: "all" } },
  // The child's environment: replaces ours unless `inheritEnv: true`; `undefined` removes a variable.
  env: { ...process.env, EXAMPLE_GREETING: "hola", RUST_LOG: "warn" },
  stderr: "pipe", // codex's logs stay in a ring buffer: codex.stderrTail()
});
try {
  const thread = await codex.startThread({
    sandbox: "read-only",
    approvalPolicy: "never",
    developerInstructions: "Answer in one sentence.", // per-thread
    config: { hide_agent_reasoning: true }, // per-thread config keys, as in config.toml
  });
  const result = await thread.run("Print the greeting variable.");
  const [command] = resultItems(result).commandExecutions; // typed: no narrowing by hand
  const output = command?.aggregatedOutput ?? "";
  console.log(`command output: ${output.split("\n").find((line) => line.startsWith("greeting="))}`);
  console.log(result.finalResponse);
} finally {
  await codex.close();
}
// #endregion

if (example.mock) {
  const body = example.mock.requests[0]?.body as { instructions?: string; input?: unknown[] } | undefined;
  console.log(
    `developer instructions reached the model: ${JSON.stringify(body).includes("Answer in one sentence.")}`,
  );
}
