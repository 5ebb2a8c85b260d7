// Cancel with an AbortSignal: a turn that is streaming, and one whose signal fired before it started.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) =>
    mock.enqueue(reply.hang(reply.message("Counting: 1, 2, 3", { deltas: ["Counting: 1, "], done: false }))),
});

// #region abort
import { Codex, CodexAbortError } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  const thread = await codex.startThread();

  const controller = new AbortController();
  const turn = thread.turn("Count to a million.", { signal: controller.signal });
  try {
    for await (const text of turn.textStream) {
      process.stdout.write(text);
      controller.abort("the user pressed Esc"); // interrupts the turn on the server
    }
  } catch (error) {
    if (!(error instanceof CodexAbortError)) throw error;
    console.log(`\naborted: ${String(error.reason)}`);
  }

  // A signal that already fired: the turn is never sent.
  const late = await thread.run("Never mind.", { signal: AbortSignal.abort("too late") }).catch((e) => e);
  console.log(
    `${late instanceof CodexAbortError ? "CodexAbortError" : "?"}: ${String((late as CodexAbortError).reason)}`,
  );
  // What codex stored: the aborted turn, and no turn for the late signal.
  const stored = await thread.read({ includeTurns: true });
  console.log(`stored turns: ${stored.turns?.map((t) => t.status).join(", ")}`);
} finally {
  await codex.close();
}
// #endregion
