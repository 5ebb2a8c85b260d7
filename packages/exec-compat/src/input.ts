/** An input to send to the agent. */
export type UserInput =
  | {
      type: "text";
      text: string;
    }
  | {
      type: "local_image";
      path: string;
    };

export type Input = string | UserInput[];

/** The prompt and images `codex exec` gets for an input: text parts joined by a blank line, images by path. */
export interface NormalizedInput {
  readonly prompt: string;
  readonly images: readonly string[];
}

export function normalizeInput(input: Input): NormalizedInput {
  if (typeof input === "string") return { prompt: input, images: [] };
  const texts: string[] = [];
  const images: string[] = [];
  for (const part of input) {
    if (part.type === "text") texts.push(part.text);
    else if (part.type === "local_image") images.push(part.path);
  }
  return { prompt: texts.join("\n\n"), images };
}

/** The app-server `UserInput[]` that codex exec builds: the images first, then the prompt as one text. */
export function toAppServerInput(input: NormalizedInput): readonly Record<string, unknown>[] {
  return [
    ...input.images.map((path) => ({ type: "localImage", path })),
    { type: "text", text: input.prompt, textElements: [] },
  ];
}
