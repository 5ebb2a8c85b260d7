import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeAppServerCommand, readFakeRecording } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { Codex, type DecisionEvent } from "../src/index.js";

const T = 20_000;

/** Every stable server request codex can send, with the least params the SDK needs to route it. */
const REQUESTS = [
  "item/commandExecution/requestApproval",
  "item/fileChange/requestApproval",
  "item/permissions/requestApproval",
  "item/tool/requestUserInput",
  "mcpServer/elicitation/request",
  "item/tool/call",
  "account/chatgptAuthTokens/refresh",
  "attestation/generate",
  "applyPatchApproval",
  "execCommandApproval",
] as const;

interface RecordedReply {
  readonly id?: unknown;
  readonly method?: string;
  readonly result?: unknown;
  readonly error?: { code: number; message: string };
}

describe("fail-closed defaults (no handler registered anywhere)", () => {
  it(
    "answers every kind of server request, approving and granting nothing",
    async () => {
      const recordPath = join(mkdtempSync(join(tmpdir(), "sdk-fail-closed-")), "record.jsonl");
      const params = { threadId: "thr_unknown", turnId: "turn_unknown", itemId: "item_1", callId: "call_1" };
      const fake = fakeAppServerCommand(
        {
          steps: [
            { waitFor: "initialized" },
            ...REQUESTS.map((method, id) => ({ request: method, params, id, awaitAnswer: true })),
          ],
        },
        { recordPath },
      );
      await using codex = new Codex({ transport: { type: "spawn", ...fake } });
      const decisions: DecisionEvent[] = [];
      codex.onDecision((event) => decisions.push(event));
      await codex.start();

      let replies: RecordedReply[] = [];
      for (let attempt = 0; attempt < 200 && replies.length < REQUESTS.length; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        replies = ((await readFakeRecording(recordPath)) as RecordedReply[]).filter(
          (m) => m.method === undefined && m.id !== undefined,
        );
      }
      const byMethod = Object.fromEntries(replies.map((r) => [REQUESTS[Number(r.id)], r]));
      expect(Object.keys(byMethod).sort()).toEqual([...REQUESTS].sort());

      expect(byMethod["item/commandExecution/requestApproval"]?.result).toEqual({ decision: "decline" });
      expect(byMethod["item/fileChange/requestApproval"]?.result).toEqual({ decision: "decline" });
      expect(byMethod["item/permissions/requestApproval"]?.result).toEqual({
        permissions: {},
        scope: "turn",
      });
      expect(byMethod["item/tool/requestUserInput"]?.result).toEqual({ answers: {} });
      expect(byMethod["mcpServer/elicitation/request"]?.result).toEqual({ action: "decline" });
      expect(byMethod["item/tool/call"]?.result).toMatchObject({ success: false });
      for (const legacy of ["applyPatchApproval", "execCommandApproval"] as const) {
        expect(byMethod[legacy]?.result).toMatchObject({ decision: { denied: {} } });
      }
      // Tokens and attestations cannot be made up: an error reply, never silence.
      for (const needsData of ["account/chatgptAuthTokens/refresh", "attestation/generate"] as const) {
        expect(byMethod[needsData]?.result).toBeUndefined();
        expect(byMethod[needsData]?.error?.message).toMatch(/No .* handler is registered/);
      }
      // Every decision is audited, error replies included.
      expect(decisions.map((d) => d.method).sort()).toEqual([...REQUESTS].sort());
      const errorReplies = decisions.filter((d) => d.errorMessage !== undefined).map((d) => d.method);
      expect(errorReplies.sort()).toEqual(["account/chatgptAuthTokens/refresh", "attestation/generate"]);
    },
    T,
  );
});
