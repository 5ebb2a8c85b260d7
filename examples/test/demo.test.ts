import { CODEX_VERSION } from "@codex/app-server-sdk";
import { describe, expect, it } from "vitest";
import { assertSucceeded, runExample } from "./run-example.js";

describe("pnpm demo", () => {
  it("shows a streamed turn, an approved command, an approved file change and a structured-output turn", async () => {
    const out = assertSucceeded(await runExample("demo"));
    expect(out).toMatch(
      new RegExp(
        `^Codex demo · codex ${CODEX_VERSION.replaceAll(".", "\\.")} \\(\\w+\\) · mock model at http://127\\.0\\.0\\.1:\\d+/v1 \\(offline\\)\n`,
      ),
    );
    // 1. Streamed: the answer arrived in many deltas.
    expect(out).toContain("Hi! I am Codex, running offline against a scripted model.");
    const deltas = Number(/\(streamed in (\d+) text deltas\)/.exec(out)?.[1]);
    expect(deltas).toBeGreaterThan(10);
    // 2. The approval handler saw the command, accepted it, and the command ran.
    expect(out).toMatch(
      /approval\? run \/bin\/bash -lc "echo 'codex was here' > notes\.txt && wc -c notes\.txt" \(in \S+\) → accept/,
    );
    expect(out).toContain("15 notes.txt");
    expect(out).toMatch(/✓ exit 0/);
    expect(out).toContain("I wrote notes.txt (15 bytes) after you approved the command.");
    // 3. The patch was approved and the file is on disk with the patch's content.
    expect(out).toMatch(/approval\? add \S+\/hello\.md → accept/);
    expect(out).toContain(
      "hello.md now reads:\n  │ # Hello\n  │\n  │ Written by codex through apply_patch, after you approved it.\n",
    );
    // 4. The structured output was parsed into typed fields.
    expect(out).toContain("summary:       Wrote notes.txt with a command and added hello.md with a patch.");
    expect(out).toContain("files changed: notes.txt, hello.md\nrisk:          low\n");
    expect(out).toContain("4 turns stored in the thread");
    expect(out.match(/✓ turn completed/g)).toHaveLength(3);
  }, 90_000);
});
