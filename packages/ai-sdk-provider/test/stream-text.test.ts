import { dangerouslyApproveAll } from "@codex/app-server-sdk";
import { reply } from "@codex/app-server-testing";
import { streamText, type TextStreamPart, type ToolSet } from "ai";
import { describe, expect, it } from "vitest";
import { CODEX_TOOL_NAMES } from "../src/index.js";
import { useProviderFixture } from "./support/provider-fixture.js";

const T = 60_000;
const fx = useProviderFixture(T);

async function collect(parts: AsyncIterable<TextStreamPart<ToolSet>>): Promise<TextStreamPart<ToolSet>[]> {
  const seen: TextStreamPart<ToolSet>[] = [];
  for await (const part of parts) seen.push(part);
  return seen;
}

describe("streamText", () => {
  it(
    "streams reasoning and text deltas in order, codex's command as provider-executed tool parts, and usage",
    async () => {
      fx.env.mock.enqueue(
        reply.turn([reply.reasoning("I should list the files"), reply.execCommand("echo streamed-tool")]),
        reply.message("The command printed streamed-tool.", { deltas: "auto", eventDelayMs: 5 }),
      );
      const result = streamText({ model: fx.codex(), prompt: "Run a command" });
      const parts = await collect(result.fullStream);

      const deltas = parts.flatMap((p) => (p.type === "text-delta" ? [p.text] : []));
      expect(deltas).toEqual(["The ", "command ", "printed ", "streamed-tool."]);
      expect(await result.text).toBe("The command printed streamed-tool.");
      expect(await result.reasoningText).toBe("I should list the files");

      const call = parts.find((p) => p.type === "tool-call");
      const toolResult = parts.find((p) => p.type === "tool-result");
      expect(call).toMatchObject({
        toolName: CODEX_TOOL_NAMES.commandExecution,
        providerExecuted: true,
        dynamic: true,
      });
      expect((call as { input: { command: string } }).input.command).toContain("echo streamed-tool");
      expect(toolResult).toMatchObject({
        toolName: CODEX_TOOL_NAMES.commandExecution,
        providerExecuted: true,
      });
      expect((toolResult as { output: { exitCode: number; output: string } }).output).toMatchObject({
        exitCode: 0,
        output: expect.stringContaining("streamed-tool"),
      });
      // Order: reasoning, then the tool call and its result, then the answer.
      const order = parts
        .map((p) => p.type)
        .filter((t) => ["reasoning-delta", "tool-call", "tool-result", "text-delta"].includes(t));
      expect(order.indexOf("reasoning-delta")).toBeLessThan(order.indexOf("tool-call"));
      expect(order.indexOf("tool-call")).toBeLessThan(order.indexOf("tool-result"));
      expect(order.indexOf("tool-result")).toBeLessThan(order.indexOf("text-delta"));

      // Two model responses of 10 input / 5 output tokens (the mock's default usage).
      const usage = await result.totalUsage;
      expect(usage.inputTokens).toBe(20);
      expect(usage.outputTokens).toBe(10);
      expect(await result.finishReason).toBe("stop");
    },
    T,
  );

  it(
    "a file change shows up as a provider-executed tool with the changed path",
    async () => {
      fx.env.mock.enqueue(
        reply.applyPatch({ add: { path: "notes.txt", content: "hello\n" } }),
        reply.message("Wrote it."),
      );
      const result = streamText({
        model: fx.codex("default", { threadOptions: { sandbox: "workspace-write" } }),
        prompt: "Write notes.txt",
      });
      const parts = await collect(result.fullStream);
      const call = parts.find((p) => p.type === "tool-call" && p.toolName === CODEX_TOOL_NAMES.fileChange);
      const done = parts.find((p) => p.type === "tool-result" && p.toolName === CODEX_TOOL_NAMES.fileChange);
      expect(JSON.stringify(call)).toContain("notes.txt");
      expect(done).toMatchObject({ providerExecuted: true, output: { status: "completed" } });
    },
    T,
  );

  it(
    "abortSignal mid-stream: the stream stops and codex interrupts the turn (the model request is dropped)",
    async () => {
      fx.env.mock.enqueue(
        reply.hang(reply.message("partial answer ", { deltas: ["partial ", "answer "], done: false })),
      );
      const controller = new AbortController();
      const result = streamText({
        model: fx.codex(),
        prompt: "Talk forever",
        abortSignal: controller.signal,
      });
      const seen: string[] = [];
      const errors: unknown[] = [];
      for await (const part of result.fullStream) {
        seen.push(part.type);
        if (part.type === "error") errors.push(part.error);
        if (part.type === "text-delta" && !controller.signal.aborted)
          controller.abort(new Error("user stopped"));
      }
      expect(seen).toContain("text-delta");
      expect(seen).toContain("abort");
      expect(seen).not.toContain("finish");
      // Codex closed the hanging model stream because the turn was interrupted.
      await fx.env.mock.waitUntilIdle({ timeoutMs: 15_000 });
      expect(fx.env.mock.openResponses).toBe(0);
    },
    T,
  );
});

describe("approvals", () => {
  const untrusted = { approvalPolicy: "untrusted", sandbox: "workspace-write" } as const;

  it(
    "default: a command that needs approval is declined (fail-closed) and does not run",
    async () => {
      fx.env.mock.enqueue(reply.execCommand("echo should-not-run"), reply.message("It was declined."));
      const result = streamText({ model: fx.codex("default", { threadOptions: untrusted }), prompt: "run" });
      const parts = await collect(result.fullStream);
      const call = parts.find((p) => p.type === "tool-call");
      // A declined item is an error result (isError), which the AI SDK streams as "tool-error".
      const outcome = parts.find((p) => p.type === "tool-error");
      expect(JSON.stringify(call)).toContain("should-not-run");
      expect(outcome).toMatchObject({
        providerExecuted: true,
        error: { status: "declined", exitCode: null, output: "" },
      });
      expect(parts.some((p) => p.type === "tool-result")).toBe(false);
      expect(await result.text).toBe("It was declined.");
    },
    T,
  );

  it(
    "serverRequests with the SDK's policy: the command is approved and runs",
    async () => {
      fx.env.mock.enqueue(reply.execCommand("echo approved-run"), reply.message("Ran it."));
      const model = fx.codex("default", { threadOptions: untrusted, serverRequests: dangerouslyApproveAll });
      const result = streamText({ model, prompt: "run" });
      const parts = await collect(result.fullStream);
      const outcome = parts.find((p) => p.type === "tool-result");
      expect(outcome).toMatchObject({ output: { status: "completed", exitCode: 0 } });
      expect((outcome as { output: { output: string } }).output.output).toContain("approved-run");
    },
    T,
  );
});
