import { type MockResponsesServer, reply } from "@codex/app-server-testing";

/** Commands the offline model asks to run for every prompt: the page accepts one and declines the other. */
export const ACCEPTED_COMMAND = "echo hello-from-the-accepted-command";
export const DECLINED_COMMAND = "touch declined-marker.txt";

/**
 * Queues the mock model's replies for one prompt: a streamed answer that runs a command, writes a file,
 * runs a second command, then a streamed summary. Every command needs approval (policy "untrusted").
 */
export function scriptPrompt(mock: MockResponsesServer, prompt: string): void {
  const stream = { deltas: "auto", eventDelayMs: 40 } as const;
  mock.enqueue(
    reply.turn([
      reply.message(`You asked: "${prompt}". I will run two commands and write a note.`, stream),
      reply.execCommand(ACCEPTED_COMMAND),
    ]),
    reply.applyPatch({ add: { path: "notes.md", content: "# Notes\nWritten by the web chat.\n" } }),
    reply.execCommand(DECLINED_COMMAND),
    reply.message(
      "Done: the first command ran, the note is written, the second command was declined.",
      stream,
    ),
  );
}
