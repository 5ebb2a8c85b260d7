import { inputTexts, reply, requestThreadId } from "@codex/app-server-testing";
import { convertToModelMessages, readUIMessageStream, streamText, type UIMessage } from "ai";
import { describe, expect, it } from "vitest";
import { CODEX_TOOL_NAMES } from "../src/index.js";
import { useProviderFixture } from "./support/provider-fixture.js";

const T = 60_000;
const fx = useProviderFixture(T);

/** Runs one chat turn the way a useChat backend does: UI messages in, one assistant UI message out. */
async function chatTurn(history: UIMessage[]): Promise<UIMessage> {
  const result = streamText({ model: fx.codex(), messages: await convertToModelMessages(history) });
  let last: UIMessage | undefined;
  for await (const message of readUIMessageStream<UIMessage>({ stream: result.toUIMessageStream() }))
    last = message;
  if (!last) throw new Error("no assistant message");
  return last;
}

const userMessage = (id: string, text: string): UIMessage => ({
  id,
  role: "user",
  parts: [{ type: "text", text }],
});

describe("a chat UI on the AI SDK (UI messages, as useChat sends them)", () => {
  it(
    "renders codex's command as a dynamic tool part and continues the same thread on the next message",
    async () => {
      const before = fx.env.mock.requests.length;
      fx.env.mock.enqueue(
        reply.execCommand("echo ui-tool"),
        reply.message("Hello Grace, I ran a command.", { deltas: "auto" }),
        reply.message("Your name is Grace."),
      );
      const first = userMessage("u1", "My name is Grace.");
      const answer = await chatTurn([first]);
      const tool = answer.parts.find((part) => part.type === "dynamic-tool");
      expect(tool).toMatchObject({ toolName: CODEX_TOOL_NAMES.commandExecution, state: "output-available" });
      expect(JSON.stringify(tool)).toContain("ui-tool");
      const text = answer.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("");
      expect(text).toBe("Hello Grace, I ran a command.");

      const second = await chatTurn([first, answer, userMessage("u2", "What is my name?")]);
      expect(second.parts.some((part) => part.type === "text" && part.text === "Your name is Grace.")).toBe(
        true,
      );

      const requests = fx.env.mock.requests.slice(before);
      expect(requests).toHaveLength(3);
      const [firstRequest, , lastRequest] = requests;
      if (!firstRequest || !lastRequest) throw new Error("missing requests");
      expect(requestThreadId(lastRequest)).toBe(requestThreadId(firstRequest));
      expect(inputTexts(lastRequest).filter((t) => t.includes("Grace") || t.includes("name"))).toEqual([
        "My name is Grace.",
        "What is my name?",
      ]);
    },
    T,
  );
});
