import { type MockResponsesServer, reply } from "@codex/app-server-testing";

/** The file the demo's patch creates in the workspace. */
export const PATCHED_FILE = "hello.md";
export const PATCHED_CONTENT = "# Hello\n\nWritten by codex through apply_patch, after you approved it.\n";

/** What the mock model answers, turn by turn, in the offline demo. */
export function scriptDemo(mock: MockResponsesServer): void {
  mock.enqueue(
    // 1. A streamed answer.
    reply.message(
      "Hi! I am Codex, running offline against a scripted model. I can read your code, run commands and edit files — each one after you approve it.",
      { deltas: "auto", eventDelayMs: 15 },
    ),
    // 2. A command (needs approval under "untrusted"), then the answer after its output.
    reply.execCommand("echo 'codex was here' > notes.txt && wc -c notes.txt"),
    reply.message("I wrote notes.txt (15 bytes) after you approved the command.", { deltas: "auto" }),
    // 3. A file change (apply_patch through exec_command), then the answer.
    reply.applyPatch({ add: { path: PATCHED_FILE, content: PATCHED_CONTENT } }),
    reply.message(`Created ${PATCHED_FILE}.`, { deltas: "auto" }),
    // 4. Structured output: the model answers with JSON matching the turn's schema.
    reply.message(
      JSON.stringify({
        summary: "Wrote notes.txt with a command and added hello.md with a patch.",
        filesChanged: ["notes.txt", PATCHED_FILE],
        risk: "low",
      }),
    ),
  );
}
