import { describe, expect, it } from "vitest";
import { CODEX_VERSION, CodexError, inputPart, UnsupportedInputError } from "../../src/index.js";
import { toUserInput } from "../../src/input.js";

describe("toUserInput", () => {
  it("turns a string into one text part with empty textElements", () => {
    expect(toUserInput("hi")).toEqual([{ type: "text", text: "hi", textElements: [] }]);
  });

  it("accepts mixed parts and keeps given textElements", () => {
    expect(
      toUserInput([
        "look at",
        inputPart.localImage("/tmp/a.png"),
        inputPart.imageUrl("data:image/png;base64,iVBORw0KGgo="),
        {
          type: "text",
          text: "$skill",
          textElements: [{ byteRange: { start: 0, end: 6 }, placeholder: null }],
        },
        inputPart.skill("lint", "/skills/lint/SKILL.md"),
        inputPart.mention("repo", "app://repo"),
      ]),
    ).toEqual([
      { type: "text", text: "look at", textElements: [] },
      { type: "localImage", path: "/tmp/a.png" },
      { type: "image", url: "data:image/png;base64,iVBORw0KGgo=" },
      {
        type: "text",
        text: "$skill",
        textElements: [{ byteRange: { start: 0, end: 6 }, placeholder: null }],
      },
      { type: "skill", name: "lint", path: "/skills/lint/SKILL.md" },
      { type: "mention", name: "repo", path: "app://repo" },
    ]);
  });

  it("refuses an empty input", () => {
    expect(() => toUserInput([])).toThrow(/at least one/);
  });

  it("refuses http(s) image URLs with UnsupportedInputError, before anything is sent", () => {
    const remote = ["https://example.invalid/b.png", "HTTP://example.invalid/c.png", " http://x/y.png"];
    for (const url of remote) {
      const error = (() => {
        try {
          return toUserInput(["see", { type: "image", url }]);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(UnsupportedInputError);
      expect(error).toBeInstanceOf(CodexError);
      expect((error as UnsupportedInputError).part).toEqual({ type: "image", url });
      expect((error as Error).message).toMatch(
        new RegExp(
          `Remote image URLs are not supported by codex ${CODEX_VERSION.replaceAll(".", "\\.")}.*data: URL.*localImage`,
        ),
      );
    }
    expect(() => inputPart.imageUrl("https://example.invalid/b.png")).toThrow(UnsupportedInputError);
  });
});
