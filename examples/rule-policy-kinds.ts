// rulePolicy beyond commands: the agent's questions (plan mode), permissions, MCP prompts, tool calls;
// a rule with a typo fails when the policy is built, not when a request arrives.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using example = await startExample({
  script: (mock) =>
    mock.enqueue(
      reply.requestUserInput([
        {
          id: "db",
          header: "Database",
          question: "Which database should the plan use?",
          options: [
            { label: "postgres", description: "Relational" },
            { label: "sqlite", description: "Embedded" },
          ],
        },
      ]),
      reply.message("Plan: use postgres for the sessions table."),
    ),
});

// #region rule-policy-kinds
import { Codex, InvalidOptionError, rulePolicy } from "@codex/app-server-sdk";

const policy = rulePolicy(
  [
    { command: /^\/bin\/bash -lc '?(ls|cat|git status)\b/, decision: "accept" },
    { network: true, decision: "decline" }, // permission requests that ask for the network
    { kind: "permissions", cwd: process.cwd(), decision: "accept" }, // other permissions, this turn only
    { server: "docs", decision: "accept" }, // MCP elicitations from the "docs" server
    { question: /database/i, answers: { db: ["postgres"] }, decision: "accept" }, // the agent's questions
    { tool: /^delete_/, decision: "decline" }, // dynamic tools named delete_*
  ],
  { otherwise: "decline" },
);

try {
  rulePolicy([{ comand: /ls/, decision: "accept" } as never]);
} catch (error) {
  if (error instanceof InvalidOptionError)
    console.log(`rejected at construction: ${error.message.split(" (")[0]}`);
}

// Questions from the agent come in plan mode (an experimental collaboration mode).
const codex = new Codex({ experimentalApi: true, serverRequests: policy });
try {
  const thread = await codex.startThread();
  const result = await thread.run("Plan the sessions storage.", {
    collaborationMode: {
      mode: "plan",
      settings: { model: "mock-model", reasoningEffort: null, developerInstructions: null },
    },
  });
  console.log(result.finalResponse);
} finally {
  await codex.close();
}
// #endregion

if (example.mock) {
  const answer = JSON.stringify(example.mock.requests.at(-1)?.body?.input?.at(-1));
  console.log(`the model got the rule's answer: ${answer.includes("postgres")}`);
}
