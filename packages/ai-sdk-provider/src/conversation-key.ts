import { createHash } from "node:crypto";
import type { LanguageModelV4Message, LanguageModelV4Prompt } from "@ai-sdk/provider";

/**
 * A fingerprint of a conversation's visible text: user and assistant text only, consecutive messages of
 * one role merged. Tool parts, reasoning and system messages are left out, so the history an app sends
 * back (`response.messages`, or useChat's UI messages converted to model messages) hashes the same as
 * the turn the provider recorded, however the AI SDK splits the assistant's parts.
 */
export function conversationKey(messages: readonly LanguageModelV4Message[]): string | undefined {
  const turns: { role: "user" | "assistant"; text: string }[] = [];
  for (const message of messages) {
    if (message.role !== "user" && message.role !== "assistant") continue;
    const text = message.content.map((part) => (part.type === "text" ? part.text : "")).join("");
    const last = turns.at(-1);
    if (last?.role === message.role) last.text += text;
    else turns.push({ role: message.role, text });
  }
  const visible = turns.filter((turn) => turn.text !== "" || turn.role === "user");
  if (visible.length === 0) return undefined;
  return createHash("sha256").update(JSON.stringify(visible)).digest("base64url");
}

/** The key a conversation will have once the assistant's `reply` is appended to `prompt`. */
export function keyAfterReply(prompt: LanguageModelV4Prompt, reply: string): string | undefined {
  return conversationKey([...prompt, { role: "assistant", content: [{ type: "text", text: reply }] }]);
}
