// A small interactive terminal chat: one thread, streamed answers, /new and /exit.
// Offline it can be driven through stdin: `printf 'hello\n/exit\n' | pnpm example chat`.
import { createInterface } from "node:readline";
import { inputTexts, type RecordedRequest, reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

const echo = (request: RecordedRequest) =>
  reply.message(`You said: ${inputTexts(request).at(-1)}`, { deltas: "auto", eventDelayMs: 5 });
await using _example = await startExample({ script: (mock) => mock.enqueue(echo, echo, echo, echo, echo) });

// #region chat
import { Codex, type Thread } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  let thread: Thread = await codex.startThread();
  const terminal = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY,
  });
  console.log("Chat with codex. /new starts a new thread, /exit quits.");
  terminal.setPrompt("you › ");
  terminal.prompt();
  for await (const line of terminal) {
    const text = line.trim();
    if (!process.stdin.isTTY) console.log(text); // echo piped input, so the transcript reads well
    if (text === "/exit") break;
    if (text === "/new") {
      thread = await codex.startThread();
      console.log(`(new thread ${thread.id})`);
    } else if (text) {
      process.stdout.write("codex › ");
      const turn = thread.turn(text);
      for await (const delta of turn.textStream) process.stdout.write(delta);
      process.stdout.write("\n");
    }
    terminal.prompt();
  }
  terminal.close();
} finally {
  await codex.close();
}
// #endregion
