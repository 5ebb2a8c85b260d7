import { functionCallOutputs, type RecordedRequest, reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import type { DecisionEvent, TurnEvent } from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 60_000;
const fx = useFixture(T, { config: { features: { shell_snapshot: false } } });

/** Codex's reviewer agent sends its model requests under `guardian:<threadId>`. */
const isReviewer = (request: RecordedRequest): boolean =>
  String(request.body?.prompt_cache_key ?? "").startsWith("guardian:");

/** The reviewer's structured verdict (the JSON schema codex 0.169.0 asks its reviewer for). */
const verdict = (outcome: "allow" | "deny", rationale: string) =>
  reply.message(JSON.stringify({ outcome, risk_level: outcome === "allow" ? "low" : "high", rationale }));

/** The agent asks to run a command outside the sandbox, which needs approval under `on-request`. */
function scriptEscalatedCommand(cmd: string) {
  fx.env.mock.enqueue(
    reply.execCommand(cmd, {
      sandboxPermissions: "require_escalated",
      justification: "needs it",
    }),
    reply.message("done"),
  );
}

describe("approvalMode autoReview: codex's reviewer decides", () => {
  it(
    "an approved action runs; the review events are in the turn's stream and the audit, no handler is asked",
    async () => {
      scriptEscalatedCommand("echo reviewed-ok");
      fx.env.mock.enqueueFor(isReviewer, verdict("allow", "harmless echo"));
      const asked: string[] = [];
      const audit: DecisionEvent[] = [];
      using _audit = fx.codex.onDecision((event) => audit.push(event));
      const thread = await fx.codex.startThread({
        cwd: fx.env.workspace,
        sandbox: "read-only",
        approvalMode: "autoReview",
        serverRequests: {
          "item/commandExecution/requestApproval": (params) => {
            asked.push(params.command ?? "");
            return { decision: "decline" };
          },
        },
      });
      const turn = thread.turn("run it");
      const events: TurnEvent[] = [];
      for await (const event of turn) events.push(event);
      const result = await turn.result();

      expect(asked).toEqual([]);
      const started = events.find((e) => e.method === "item/autoApprovalReview/started");
      const completed = events.find((e) => e.method === "item/autoApprovalReview/completed");
      expect(started?.params).toMatchObject({ threadId: thread.id, review: { status: "inProgress" } });
      // Typed: params.review.rationale is a string | null here without a cast.
      const review = completed?.method === "item/autoApprovalReview/completed" ? completed.params : undefined;
      expect(review?.review).toMatchObject({
        status: "approved",
        riskLevel: "low",
        rationale: "harmless echo",
      });
      expect(review?.action).toMatchObject({ type: "command" });
      // Approved: codex started the command (it is not declined, and the model got its process back).
      const command = result.items.find((item) => item.type === "commandExecution");
      expect(command?.type === "commandExecution" && command.status).not.toBe("declined");
      const output = functionCallOutputs(fx.env.mock.requests.filter((r) => !isReviewer(r)).at(-1)!);
      expect(output[0]?.output).toMatch(/Process (running|exited)/);

      const decision = events.find((e) => e.method === "sdk/serverRequestDecision");
      expect(decision?.params).toMatchObject({
        method: "item/autoApprovalReview/completed",
        source: "autoReview",
        reason: "harmless echo",
        threadId: thread.id,
        turnId: result.turn.id,
        itemId: command?.id,
        result: { status: "approved" },
      });
      expect(audit).toContainEqual(decision?.params);
      const reviewerRequest = fx.env.mock.requests.find(isReviewer);
      expect(JSON.stringify(reviewerRequest?.body?.input)).toContain("echo reviewed-ok");
    },
    T,
  );

  it(
    "a denied action does not run and the audit carries the reviewer's reason",
    async () => {
      const marker = `${fx.env.workspace}/must-not-exist`;
      scriptEscalatedCommand(`touch ${marker}`);
      fx.env.mock.enqueueFor(isReviewer, verdict("deny", "writes where it should not"));
      const thread = await fx.codex.startThread({
        cwd: fx.env.workspace,
        sandbox: "read-only",
        approvalMode: "autoReview",
      });
      const turn = thread.turn("run it");
      const decisions: DecisionEvent[] = [];
      turn.on("sdk/serverRequestDecision", (event) => decisions.push(event.params));
      const result = await turn.result();
      expect(decisions).toEqual([
        expect.objectContaining({
          source: "autoReview",
          reason: "writes where it should not",
          result: expect.objectContaining({ status: "denied", riskLevel: "high" }),
        }),
      ]);
      const command = result.items.find((item) => item.type === "commandExecution");
      expect(command).toMatchObject({ type: "commandExecution", status: "declined" });
      const output = functionCallOutputs(fx.env.mock.requests.filter((r) => !isReviewer(r)).at(-1)!);
      expect(output[0]?.output).toContain("writes where it should not");
      const { existsSync } = await import("node:fs");
      expect(existsSync(marker)).toBe(false);
    },
    T,
  );
});
