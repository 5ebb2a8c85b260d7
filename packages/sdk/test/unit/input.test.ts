import { describe, expect, it } from "vitest";
import { inputPart, toUserInput } from "../../src/index.js";

describe("toUserInput", () => {
  it("turns a string into one text part with empty textElements", () => {
    expect(toUserInput("hi")).toEqual([{ type: "text", text: "hi", textElements: [] }]);
  });

  it("accepts mixed parts and keeps given textElements", () => {
    expect(
      toUserInput([
        "look at",
        inputPart.localImage("/tmp/a.png"),
        inputPart.imageUrl("https://example.invalid/b.png"),
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
      { type: "image", url: "https://example.invalid/b.png" },
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
});
