// The real-binary smoke suite, run against every codex version this SDK release supports (the pinned one
// and the previous release, each through `codexPath`): a streamed turn, a command approval, structured
// output, and resuming a thread in a new client. docs/compatibility.md's table states what this proves.

import { Codex, type CodexWarning } from "@codex/app-server-sdk";
import { type CodexTestEnv, inputTexts, reply, startCodexTestEnv } from "@codex/app-server-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodexTarget, codexTargets } from "../src/codex-targets.js";

const T = 60_000;

describe.each(codexTargets().map((target) => [`${target.role} codex ${target.version}`, target] as const))(
  "%s",
  (_label, target: CodexTarget) => {
    let env: CodexTestEnv;
    const warnings: CodexWarning[] = [];
    const clients: Codex[] = [];
    const client = () => {
      const codex = new Codex({
        codexPath: target.codexPath,
        env: env.env,
        cwd: env.workspace,
        clientInfo: { name: "compat_suite", version: "0.0.0" },
        onWarning: (warning) => warnings.push(warning),
      });
      clients.push(codex);
      return codex;
    };

    beforeAll(async () => {
      env = await startCodexTestEnv({ codexPath: target.codexPath });
    }, T);
    afterAll(async () => {
      await Promise.all(clients.map((codex) => codex.close()));
      await env?.close();
    }, T);

    it(
      "runs a streamed turn, and the server is this version with no version warning",
      async () => {
        const codex = client();
        env.mock.enqueue(reply.message("streamed words from the mock", { deltas: "auto" }));
        const thread = await codex.startThread();
        const turn = thread.turn("say something");
        let streamed = "";
        for await (const text of turn.textStream) streamed += text;
        const result = await turn.result();
        expect(codex.serverVersion).toBe(target.version);
        expect(streamed).toBe("streamed words from the mock");
        expect(result).toMatchObject({ status: "completed", finalResponse: "streamed words from the mock" });
        expect(result.usage?.totalTokens).toBeGreaterThan(0);
        expect(warnings.filter((warning) => /version/i.test(warning.kind))).toEqual([]);
      },
      T,
    );

    it(
      "asks for a command approval, runs the command once accepted, and streams its output",
      async () => {
        const codex = client();
        env.mock.enqueue(reply.execCommand("echo compat-approved"), reply.message("ran it"));
        const asked: string[] = [];
        const thread = await codex.startThread({
          approvalPolicy: "untrusted",
          sandbox: "workspace-write",
          serverRequests: {
            "item/commandExecution/requestApproval": (params) => {
              asked.push(params.command ?? "");
              return { decision: "accept" };
            },
          },
        });
        const turn = thread.turn("run the command");
        let output = "";
        for await (const chunk of turn.commandOutputStream) output += chunk.delta;
        const result = await turn.result();
        expect(asked).toHaveLength(1);
        expect(asked[0]).toContain("echo compat-approved");
        expect(output).toContain("compat-approved");
        expect(result.items.find((item) => item.type === "commandExecution")).toMatchObject({
          status: "completed",
          exitCode: 0,
        });
        expect(result.finalResponse).toBe("ran it");
      },
      T,
    );

    it(
      "parses structured output against the schema and sends the schema to the model",
      async () => {
        const codex = client();
        env.mock.enqueue(reply.message(JSON.stringify({ verdict: "approve", score: 7 })));
        const thread = await codex.startThread();
        const schema = {
          type: "object",
          properties: {
            verdict: { type: "string", enum: ["approve", "reject"] },
            score: { type: "integer" },
          },
          required: ["verdict", "score"],
          additionalProperties: false,
        } as const;
        const result = await thread.run("review it", { outputSchema: schema });
        expect(result.output).toEqual({ verdict: "approve", score: 7 });
        const sent = JSON.stringify(env.mock.requests.at(-1)?.body ?? {});
        expect(sent).toContain('"verdict"');
        expect(sent).toContain("json_schema");
      },
      T,
    );

    it(
      "resumes a thread in a new client with its history",
      async () => {
        const first = client();
        env.mock.enqueue(reply.message("noted: pineapple"));
        const original = await first.startThread();
        await original.run("remember the word pineapple");
        await first.close();
        const second = client();
        const resumed = await second.resumeThread(original.id);
        expect(resumed.id).toBe(original.id);
        env.mock.enqueue(reply.message("the word was pineapple"));
        const result = await resumed.run("what was the word?");
        expect(result.finalResponse).toBe("the word was pineapple");
        const request = env.mock.requests.at(-1)!;
        expect(inputTexts(request)).toContain("remember the word pineapple");
        expect(inputTexts(request, "assistant")).toContain("noted: pineapple");
      },
      T,
    );
  },
);
