import type { TextElement, UserInput } from "./protocol-types.js";

type TextInput = Extract<UserInput, { type: "text" }>;

/** One part of a turn's input; text parts may leave out `textElements`. */
export type InputPart =
  | string
  | (Omit<TextInput, "textElements"> & { readonly textElements?: TextElement[] })
  | Exclude<UserInput, { type: "text" }>;

/** What `thread.run()` / `thread.turn()` / `turn.steer()` accept: a string, one part, or a list of parts. */
export type Input = string | InputPart | readonly InputPart[];

/** Converts any accepted input to the protocol's `UserInput[]`. */
export function toUserInput(input: Input): UserInput[] {
  const parts: readonly InputPart[] = Array.isArray(input) ? input : [input as InputPart];
  if (parts.length === 0) throw new TypeError("A turn needs at least one input part.");
  return parts.map(toUserInputPart);
}

function toUserInputPart(part: InputPart): UserInput {
  if (typeof part === "string") return { type: "text", text: part, textElements: [] };
  if (part.type === "text") return { ...part, textElements: part.textElements ?? [] };
  return part;
}

/** Builders for input parts, for readability at call sites. */
export const inputPart = {
  text: (text: string, textElements: TextElement[] = []): UserInput => ({ type: "text", text, textElements }),
  imageUrl: (url: string): UserInput => ({ type: "image", url }) as UserInput,
  localImage: (path: string): UserInput => ({ type: "localImage", path }) as UserInput,
  skill: (name: string, path: string): UserInput => ({ type: "skill", name, path }),
  mention: (name: string, path: string): UserInput => ({ type: "mention", name, path }),
} as const;
