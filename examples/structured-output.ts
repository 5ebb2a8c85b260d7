// Structured output with a JSON Schema: the reply is parsed, validated and typed.
import { type RecordedRequest, reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using example = await startExample({
  script: (mock) =>
    mock.enqueue(
      (request: RecordedRequest) =>
        reply.message(
          JSON.stringify(
            request.body?.text === undefined
              ? "no schema was sent"
              : { verdict: "approve", notes: ["Tests cover the new branch."], confidence: 0.8 },
          ),
        ),
      reply.message('{"verdict":"maybe","notes":[]}'),
    ),
});

// #region structured-output
import { Codex } from "@codex/app-server-sdk";

interface Review {
  verdict: "approve" | "reject";
  notes: string[];
  confidence: number;
}
const reviewSchema = {
  type: "object",
  properties: {
    verdict: { type: "string", enum: ["approve", "reject"] },
    notes: { type: "array", items: { type: "string" } },
    confidence: { type: "number", minimum: 0, maximum: 1 },
  },
  required: ["verdict", "notes", "confidence"],
} as const;

const codex = new Codex();
try {
  const thread = await codex.startThread();
  const result = await thread.run("Review the last commit.", { outputSchema: reviewSchema });
  // Validated against the schema before you get it. A plain JSON Schema types `output` as unknown;
  // a zod (or any Standard Schema) `outputSchema` types it for you.
  const review = result.output as Review;
  console.log(`${review.verdict} (${review.confidence}): ${review.notes.join(" ")}`);
} finally {
  await codex.close();
}
// #endregion

// An invalid reply, on a second client (the first one is closed); reviewAgain() is below.
const client = new Codex();
try {
  await reviewAgain(await client.startThread(), reviewSchema);
} finally {
  await client.close();
}

// #region structured-output-invalid
import { type JsonSchema, StructuredOutputError, type Thread } from "@codex/app-server-sdk";

async function reviewAgain(thread: Thread, reviewSchema: JsonSchema): Promise<void> {
  try {
    await thread.run("Review it again.", { outputSchema: reviewSchema });
  } catch (error) {
    if (!(error instanceof StructuredOutputError)) throw error;
    console.log(`invalid reply: ${error.rawText}`);
    for (const issue of error.issues) console.log(`  ${issue.path || "/"}: ${issue.message}`);
  }
}
// #endregion

if (example.mock) {
  // What the model was given: the schema, made strict (additionalProperties: false, all required).
  const format = (example.mock.requests[0]?.body?.text as { format?: { schema?: unknown } } | undefined)
    ?.format;
  console.log(`schema sent to the model: ${JSON.stringify(format?.schema)}`);
}
