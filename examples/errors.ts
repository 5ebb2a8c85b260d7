// Errors: a failed turn (TurnFailedError with codex's classification) and errors the server replies with.

import { CodexError, ProtocolError } from "@codex/app-server-sdk";
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

// The server's errors, on a second client (the first one is closed).
{
  const codex = new Codex();
  try {
    const thread = await codex.startThread();
    // #region error-classes
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ["read an unknown thread", () => codex.readThread("00000000-0000-0000-0000-000000000000")],
      ["resume an unknown thread", () => codex.resumeThread("00000000-0000-0000-0000-000000000000")],
      ["interrupt when idle", () => codex.api.turnInterrupt({ threadId: thread.id, turnId: "nope" })],
    ];
    for (const [what, attempt] of attempts) {
      try {
        await attempt();
      } catch (error) {
        if (!(error instanceof CodexError)) throw error; // every SDK error extends CodexError
        const detail =
          error instanceof ProtocolError ? ` (code ${error.code}, retryable: ${error.retryable})` : "";
        console.log(`${what}: ${error.name}${detail}: ${error.message}`);
      }
    }
    // #endregion
  } finally {
    await codex.close();
  }
}
