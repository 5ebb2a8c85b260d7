import { CODEX_VERSION } from "@codex/runtime";
import { UnsupportedInputError } from "./errors.js";
import type { TextElement, UserInput } from "./protocol-types.js";

type TextInput = Extract<UserInput, { type: "text" }>;

/** One part of a turn's input; text parts may leave out `textElements`. */
export type InputPart =
  | string
  | (Omit<TextInput, "textElements"> & { readonly textElements?: TextElement[] })
  | Exclude<UserInput, { type: "text" }>;

/** What `thread.run()` / `thread.turn()` / `turn.steer()` accept: a string, one part, or a list of parts. */
export type Input = string | InputPart | readonly InputPart[];

/**
 * Converts any accepted input to the protocol's `UserInput[]`. Throws UnsupportedInputError for an
 * http(s) image URL (codex 0.169.0 rejects those) and for an empty input.
 */
export function toUserInput(input: Input): UserInput[] {
  const parts: readonly InputPart[] = Array.isArray(input) ? input : [input as InputPart];
  if (parts.length === 0) throw new UnsupportedInputError("A turn needs at least one input part.", input);
  return parts.map(toUserInputPart);
}

function toUserInputPart(part: InputPart): UserInput {
  if (typeof part === "string") return { type: "text", text: part, textElements: [] };
  if (part.type === "text") return { ...part, textElements: part.textElements ?? [] };
  if (part.type === "image" && "url" in part) assertSupportedImageUrl(part.url, part);
  return part;
}

/** Codex 0.169.0 rejects remote image URLs; refuse them here, before anything is sent. */
function assertSupportedImageUrl(url: string, part: unknown): void {
  if (!/^https?:/i.test(url.trim())) return;
  throw new UnsupportedInputError(
    `Remote image URLs are not supported by codex ${CODEX_VERSION} (${url.slice(0, 80)}): ` +
      "pass the image as a data: URL (inputPart.imageUrl(`data:image/png;base64,...`)) " +
      "or as a local file (inputPart.localImage(path)).",
    part,
  );
}

/** Builders for input parts, for readability at call sites. */
export const inputPart = {
  text: (text: string, textElements: TextElement[] = []): UserInput => ({ type: "text", text, textElements }),
  /**
   * An image as a `data:` URL (`data:image/png;base64,...`). Codex 0.169.0 does not fetch remote
   * images: an http(s) URL throws UnsupportedInputError here, before anything is sent. For a file on
   * disk use `localImage(path)`.
   */
  imageUrl: (url: string): UserInput => {
    const part = { type: "image", url } as UserInput;
    assertSupportedImageUrl(url, part);
    return part;
  },
  /** An image file on the app-server's machine; codex reads and sends it. */
  localImage: (path: string): UserInput => ({ type: "localImage", path }) as UserInput,
  skill: (name: string, path: string): UserInput => ({ type: "skill", name, path }),
  mention: (name: string, path: string): UserInput => ({ type: "mention", name, path }),
} as const;
