// `pnpm example ai-sdk [--live]`: Codex through the Vercel AI SDK. streamText shows text deltas and the
// command codex ran (a provider-executed tool), then a second message continues the same codex thread,
// then Output.object returns typed structured output.

import { reply } from "@codex/app-server-testing";
import { startExample } from "../support/example-env.js";

await using example = await startExample({
  script: (mock) =>
    mock.enqueue(
      reply.execCommand("ls"),
      reply.message("The workspace is empty.", { deltas: "auto" }),
      reply.message("I ran `ls`, which printed nothing.", { deltas: "auto" }),
      reply.message('{"files":0,"summary":"An empty workspace."}'),
    ),
});

// #region ai-sdk
import { createCodexProvider } from "@codex/ai-sdk-provider";
import { generateText, type ModelMessage, Output, streamText } from "ai";
import { z } from "zod";

const codex = createCodexProvider({ threadOptions: { cwd: process.cwd(), sandbox: "read-only" } });
try {
  const model = codex(); // codex's configured model; codex("gpt-5.1-codex") picks one

  const messages: ModelMessage[] = [{ role: "user", content: "What is in this directory?" }];
  const first = streamText({ model, messages });
  for await (const part of first.fullStream) {
    if (part.type === "tool-call") console.log(`[${part.toolName}] ${JSON.stringify(part.input)}`);
    if (part.type === "tool-result") console.log(`[${part.toolName} done] ${JSON.stringify(part.output)}`);
    if (part.type === "text-delta") process.stdout.write(part.text);
  }
  console.log(`\n(${(await first.totalUsage).totalTokens} tokens)`);

  // The next message continues the same codex thread: only the new message is sent.
  messages.push(...(await first.response).messages, { role: "user", content: "Which command did you run?" });
  const second = await generateText({ model, messages });
  console.log(second.text);
  console.log(
    "same thread:",
    second.providerMetadata?.codex?.threadId === (await first.providerMetadata)?.codex?.threadId,
  );

  const { output } = await generateText({
    model,
    output: Output.object({ schema: z.object({ files: z.number(), summary: z.string() }) }),
    prompt: "Summarize the directory as JSON.",
  });
  console.log(output.files, output.summary);
} finally {
  await codex.close();
}
// #endregion

// A model with its own approvals (gitStatusOnly() is below), on a second provider (the first one is closed).
{
  const codex = createCodexProvider({ threadOptions: { cwd: process.cwd(), sandbox: "read-only" } });
  try {
    console.log(`approvals model: ${gitStatusOnly(codex).modelId}`);
  } finally {
    await codex.close();
  }
}

// #region ai-sdk-approvals
import type { CodexProvider } from "@codex/ai-sdk-provider";
import { rulePolicy } from "@codex/app-server-sdk";

// This model's turns may run `git status` without asking; any other approval is declined (fail-closed).
function gitStatusOnly(codex: CodexProvider) {
  return codex("default", {
    serverRequests: rulePolicy([{ command: /^\/bin\/bash -lc 'git status'$/, decision: "accept" }]),
  });
}
// #endregion

if (example.mock) {
  const last = example.mock.requests.at(-2);
  console.log(
    "second request carried the first answer:",
    JSON.stringify(last?.body?.input).includes("The workspace is empty."),
  );
}
