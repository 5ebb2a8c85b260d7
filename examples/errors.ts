// Errors: a failed turn (TurnFailedError with codex's classification) and errors the server replies with.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) => mock.enqueue(reply.httpError(500), reply.message("Back to normal.")),
});

// #region turn-failed
import { Codex, TurnFailedError } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  const thread = await codex.startThread();
  try {
    await thread.run("Do something while the model provider is down.");
  } catch (error) {
    if (!(error instanceof TurnFailedError)) throw error;
    console.log(
      `${error.name}: turn ${error.turn.status}, codexErrorInfo ${JSON.stringify(error.codexErrorInfo)}`,
    );
  }
  console.log((await thread.run("Try again.")).finalResponse); // the thread is still usable
} finally {
  await codex.close();
}
// #endregion

// The server's errors, on a second client (the first one is closed). They live in their own module so
// that each snippet has its own imports.
await import("./errors/server-errors.js");
