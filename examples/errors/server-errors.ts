// The second half of the errors example (errors.ts runs it, inside its offline setup): errors the server
// replies with.

// #region error-classes
import { Codex, CodexError, ProtocolError } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  const thread = await codex.startThread();
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
} finally {
  await codex.close();
}
// #endregion
