// Streaming: the text of a turn as it arrives, then every event of a turn with its payload.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) =>
    mock.enqueue(
      reply.message("src/ holds the library, test/ its tests, and docs/ the guides.", {
        deltas: "auto",
        eventDelayMs: 10,
      }),
      reply.turn([reply.reasoning("Listing the events"), reply.message("Three kinds.", { deltas: "auto" })]),
    ),
});

// #region streaming
import { Codex } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  const thread = await codex.startThread();
  const turn = thread.turn("Explain this repository's layout.");
  for await (const text of turn.textStream) process.stdout.write(text);
  const { status, usage } = await turn.result();
  console.log(`\n${status} · ${usage?.outputTokens ?? 0} output tokens`);
} finally {
  await codex.close();
}
// #endregion

// Every event of a turn, on a second client (the first one is closed); printEvents() is below.
const client = new Codex();
try {
  await printEvents(await client.startThread());
} finally {
  await client.close();
}

// #region streaming-events
import type { Thread } from "@codex/app-server-sdk";

async function printEvents(thread: Thread): Promise<void> {
  for await (const event of thread.turn("Which kinds of events are there?")) {
    switch (event.method) {
      case "turn/started":
        console.log(`turn ${event.params.turn.id} started`);
        break;
      case "item/started":
        console.log(`  + ${event.params.item.type}`);
        break;
      case "item/agentMessage/delta":
        console.log(`    delta ${JSON.stringify(event.params.delta)}`);
        break;
      case "item/completed":
        console.log(`  - ${event.params.item.type}`);
        break;
      case "turn/completed":
        console.log(`turn ${event.params.turn.status}`);
        break;
    }
  }
}
// #endregion
