import { describe, expect, it } from "vitest";
import { assertSucceeded, runExample } from "./run-example.js";

const T = 90_000;

// The integration examples are folders (examples/<name>/main.ts), run like `pnpm example <name>`.
describe("integration examples run offline", () => {
  it(
    "ai-sdk: streamText with a provider-executed command, a second message on the same thread, Output.object",
    async () => {
      const out = assertSucceeded(await runExample("ai-sdk/main"));
      expect(out).toMatch(/\[codex_command\] \{"command":"[^"]*ls","cwd":"[^"]+"\}\n/);
      expect(out).toMatch(/\[codex_command done\] \{"status":"completed","exitCode":0,/);
      expect(out).toContain("The workspace is empty.\n(30 tokens)\n");
      expect(out).toContain("I ran `ls`, which printed nothing.\nsame thread: true\n");
      expect(out).toContain(
        "0 An empty workspace.\napprovals model: default\nsecond request carried the first answer: true\n",
      );
    },
    T,
  );

  it(
    "opentelemetry: the turn span under the app's span, the command's span, the approval event",
    async () => {
      const out = assertSucceeded(await runExample("opentelemetry/main"));
      expect(out).toMatch(
        /handle request\n {2}invoke_agent codex {2}gen_ai\.usage\.input_tokens=20 codex\.turn\.status=completed\n {4}turn\/start\n {4}execute_tool command_execution {2}process\.command_line=\S.*echo traced.* process\.exit\.code=0\n {6}event codex\.server_request\.decision \{[^\n]*"codex\.decision":"accept","codex\.decision\.source":"client"/,
      );
    },
    T,
  );
});
