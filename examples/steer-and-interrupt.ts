// Steer a running turn (add input to it), and interrupt another.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) =>
    mock.enqueue(
      reply.hang(reply.message("Rewriting every module", { deltas: ["Rewriting "], done: false })),
      reply.message("OK: only the parser module, as you said."),
      reply.hang(reply.message("Here is a very long essay", { deltas: ["Here is "], done: false })),
    ),
});

// #region steer
import { Codex } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  const thread = await codex.startThread();

  const turn = thread.turn("Refactor the code base.");
  const firstWords = await new Promise<string>((resolve) => {
    const stop = turn.on("item/agentMessage/delta", (event) => {
      stop();
      resolve(event.params.delta);
    });
  });
  console.log(`model is writing: ${firstWords}…`);
  await turn.steer("Only touch the parser module."); // joins the running turn (same turn id)
  const steered = await turn.result();
  console.log(`${steered.status}: ${steered.finalResponse}`);
} finally {
  await codex.close();
}
// #endregion

// Interrupt a turn, on a second client (the first one is closed); interruptEssay() is below.
const client = new Codex();
try {
  await interruptEssay(await client.startThread());
} finally {
  await client.close();
}

// #region interrupt
import type { Thread } from "@codex/app-server-sdk";

async function interruptEssay(thread: Thread): Promise<void> {
  const essay = thread.turn("Write a long essay.");
  essay.on("item/agentMessage/delta", () => void essay.interrupt());
  const stopped = await essay.result();
  const partial = stopped.items.find((item) => item.type === "agentMessage");
  console.log(
    `status: ${stopped.status}; text kept: ${JSON.stringify(partial?.type === "agentMessage" && partial.text)}`,
  );
  console.log(`items the server left open: ${stopped.incompleteItemIds.length}`);
}
// #endregion
