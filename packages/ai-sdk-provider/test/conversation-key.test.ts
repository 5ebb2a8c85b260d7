import type { LanguageModelV4Prompt } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { conversationKey, keyAfterReply } from "../src/conversation-key.js";
import { splitPrompt, transcript } from "../src/split-prompt.js";

const user = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });

describe("conversation keys", () => {
  it("the history sent back (assistant parts split, tool parts, reasoning, system) hashes like the recorded reply", () => {
    const prompt: LanguageModelV4Prompt = [{ role: "system", content: "Be brief." }, user("hi")];
    const recorded = keyAfterReply(prompt, "Hello there.");
    const history: LanguageModelV4Prompt = [
      user("hi"),
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "thinking" },
          { type: "text", text: "Hello " },
          {
            type: "tool-call",
            toolCallId: "c1",
            toolName: "codex_command",
            input: {},
            providerExecuted: true,
          },
        ],
      },
      { role: "assistant", content: [{ type: "text", text: "there." }] },
    ];
    expect(conversationKey(history)).toBe(recorded);
    expect(
      conversationKey([user("hi"), { role: "assistant", content: [{ type: "text", text: "Hello!" }] }]),
    ).not.toBe(recorded);
  });

  it("splits a prompt into system text, history and the trailing user messages", () => {
    const split = splitPrompt([
      { role: "system", content: "Be brief." },
      user("one"),
      { role: "assistant", content: [{ type: "text", text: "two" }] },
      user("three"),
      user("four"),
    ]);
    expect(split.system).toBe("Be brief.");
    expect(split.history).toHaveLength(2);
    expect(split.newInput).toEqual([
      { type: "text", text: "three" },
      { type: "text", text: "four" },
    ]);
    expect(transcript(split.history)).toBe("Conversation so far:\nUser: one\nAssistant: two");
  });

  it("refuses a prompt that does not end with user input, and files codex cannot take", () => {
    expect(() =>
      splitPrompt([user("a"), { role: "assistant", content: [{ type: "text", text: "b" }] }]),
    ).toThrow(/must end with a user message/);
    expect(() =>
      splitPrompt([
        {
          role: "user",
          content: [{ type: "file", mediaType: "application/pdf", data: { type: "data", data: "AAAA" } }],
        },
      ]),
    ).toThrow(/application\/pdf/);
  });
});
