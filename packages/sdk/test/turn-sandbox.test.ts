import { existsSync } from "node:fs";
import { join } from "node:path";
import { reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { resultItems, rulePolicy, sandboxPresets, type TurnOptions } from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 40_000;
const fx = useFixture(T, { config: { features: { shell_snapshot: false } } });

describe("per-turn sandbox shorthand (real binary)", () => {
  it(
    "a read-only turn on a workspace-write thread cannot write; a preset turn can again",
    async () => {
      const first = join(fx.env.workspace, "from-read-only-turn");
      const second = join(fx.env.workspace, "from-preset-turn");
      fx.env.mock.enqueue(
        reply.execCommand(`touch ${first}`),
        reply.message("tried"),
        reply.execCommand(`touch ${second}`),
        reply.message("wrote"),
      );
      const thread = await fx.codex.startThread({
        cwd: fx.env.workspace,
        sandbox: "workspace-write",
        approvalMode: "denyAll",
      });
      const readOnly = await thread.run("write a file", { sandbox: "read-only" });
      const [blocked] = resultItems(readOnly).commandExecutions;
      expect(blocked?.exitCode).not.toBe(0);
      expect(existsSync(first)).toBe(false);
      const writable = await thread.run("write it now", { sandbox: sandboxPresets.workspaceWrite() });
      expect(resultItems(writable).commandExecutions[0]?.exitCode).toBe(0);
      expect(existsSync(second)).toBe(true);
    },
    T,
  );
});

describe("rulePolicy beyond commands (real binary)", () => {
  it(
    "a user-input rule answers the agent's question in plan mode; the answer reaches the model",
    async () => {
      const codex = fx.newClient({ experimentalApi: true });
      fx.env.mock.enqueue(
        reply.requestUserInput([
          {
            id: "db",
            header: "DB",
            question: "Which database?",
            options: [{ label: "postgres", description: "p" }],
          },
        ]),
        reply.message("postgres then"),
      );
      const thread = await codex.startThread({
        cwd: fx.env.workspace,
        serverRequests: rulePolicy([
          { question: /database/i, answers: { db: ["postgres"] }, decision: "accept" },
        ]),
      });
      const planMode: TurnOptions["collaborationMode"] = {
        mode: "plan",
        settings: { model: "mock-model", reasoningEffort: null, developerInstructions: null },
      };
      const turn = thread.turn("plan it", { collaborationMode: planMode });
      const decisions: unknown[] = [];
      turn.on("sdk/serverRequestDecision", (event) => decisions.push(event.params));
      expect((await turn.result()).finalResponse).toBe("postgres then");
      expect(decisions).toEqual([
        expect.objectContaining({
          method: "item/tool/requestUserInput",
          source: "thread",
          result: { answers: { db: { answers: ["postgres"] } } },
        }),
      ]);
      expect(JSON.stringify(fx.env.mock.requests.at(-1)?.body?.input)).toContain("postgres");
    },
    T,
  );
});
