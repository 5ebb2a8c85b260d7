// Structured output with zod: the schema types `output`, and the reply is checked by ajv and by zod.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) =>
    mock.enqueue(
      reply.message(JSON.stringify({ title: "Fix flaky test", labels: ["tests", "ci"], priority: 2 })),
    ),
});

// #region structured-output-zod
import { Codex } from "@codex/app-server-sdk";
import { z } from "zod";

const Issue = z.object({
  title: z.string(),
  labels: z.array(z.string()),
  priority: z.number().int().min(1).max(3),
});

const codex = new Codex();
try {
  const thread = await codex.startThread();
  const { output } = await thread.run("File an issue for the flaky test.", { outputSchema: Issue });
  // output: { title: string; labels: string[]; priority: number }, typed by zod
  console.log(`${output.title} [${output.labels.join(", ")}] P${output.priority}`);
} finally {
  await codex.close();
}
// #endregion
