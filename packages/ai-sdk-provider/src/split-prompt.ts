import type { LanguageModelV4Message, LanguageModelV4Prompt } from "@ai-sdk/provider";
import { type InputPart, UnsupportedInputError } from "@codex/app-server-sdk";

/** A prompt split the way a codex thread needs it. */
export interface SplitPrompt {
  /** System messages, joined: developer instructions for a new thread. */
  readonly system: string | undefined;
  /** Everything before the trailing user messages (what the thread should already know). */
  readonly history: LanguageModelV4Message[];
  /** The trailing user messages: the only input sent to codex when the thread continues. */
  readonly newInput: InputPart[];
}

export function splitPrompt(prompt: LanguageModelV4Prompt): SplitPrompt {
  const system = prompt
    .filter((message) => message.role === "system")
    .map((message) => message.content)
    .join("\n\n");
  const rest = prompt.filter((message) => message.role !== "system");
  let start = rest.length;
  while (start > 0 && rest[start - 1]?.role === "user") start -= 1;
  const trailing = rest.slice(start);
  if (trailing.length === 0) {
    throw new UnsupportedInputError(
      "The prompt must end with a user message: codex answers user input (the last message here is not from the user).",
      prompt.at(-1),
    );
  }
  return {
    system: system === "" ? undefined : system,
    history: rest.slice(0, start),
    newInput: trailing.flatMap(userParts),
  };
}

/**
 * The history as text, for a conversation this provider has no thread for (started elsewhere, or
 * forgotten): the new thread's first input carries it so the agent still sees the context.
 */
export function transcript(history: readonly LanguageModelV4Message[]): string | undefined {
  const lines: string[] = [];
  for (const message of history) {
    if (message.role !== "user" && message.role !== "assistant") continue;
    const text = message.content
      .map((part) => (part.type === "text" ? part.text : ""))
      .join("")
      .trim();
    if (text !== "") lines.push(`${message.role === "user" ? "User" : "Assistant"}: ${text}`);
  }
  return lines.length === 0 ? undefined : `Conversation so far:\n${lines.join("\n")}`;
}

function userParts(message: LanguageModelV4Message): InputPart[] {
  if (message.role !== "user") return [];
  return message.content.map((part): InputPart => {
    if (part.type === "text") return { type: "text", text: part.text };
    const { data, mediaType } = part;
    if (mediaType.startsWith("image")) {
      if (data.type === "url") return { type: "image", url: data.url.toString() };
      if (data.type === "data") {
        const base64 = typeof data.data === "string" ? data.data : Buffer.from(data.data).toString("base64");
        const type = mediaType.includes("/") ? mediaType : "image/png";
        return { type: "image", url: `data:${type};base64,${base64}` };
      }
    }
    if (data.type === "text") return { type: "text", text: data.text };
    throw new UnsupportedInputError(
      `Codex takes text and images as input; a ${mediaType} file part cannot be sent.`,
      part,
    );
  });
}
