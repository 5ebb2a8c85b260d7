import { afterEach, describe, expect, it, vi } from "vitest";
import { shouldColor, stylesFor } from "../../src/render-colors.js";
import { renderTurn, type TextSink } from "../../src/render-turn.js";
import type { TurnHandle } from "../../src/turn/turn-handle.js";

const ESC = "\u001b[";
const tty = (depth = 8) => ({ isTTY: true, getColorDepth: () => depth });

describe("shouldColor", () => {
  it("colors a color terminal and nothing else by default", () => {
    expect(shouldColor(tty(), undefined, {})).toBe(true);
    expect(shouldColor({ isTTY: true }, undefined, {})).toBe(true);
    expect(shouldColor({}, undefined, {})).toBe(false);
    expect(shouldColor({ isTTY: false }, undefined, {})).toBe(false);
    // A terminal without colors (TERM=dumb gives depth 1).
    expect(shouldColor(tty(1), undefined, {})).toBe(false);
  });

  it("NO_COLOR and NODE_DISABLE_COLORS turn colors off, unless empty", () => {
    expect(shouldColor(tty(), undefined, { NO_COLOR: "1" })).toBe(false);
    expect(shouldColor(tty(), undefined, { NODE_DISABLE_COLORS: "1" })).toBe(false);
    expect(shouldColor(tty(), undefined, { NO_COLOR: "" })).toBe(true);
  });

  it("FORCE_COLOR turns colors on for any sink, or off with 0/false; it wins over NO_COLOR", () => {
    expect(shouldColor({}, undefined, { FORCE_COLOR: "1" })).toBe(true);
    expect(shouldColor({}, undefined, { FORCE_COLOR: "" })).toBe(true);
    expect(shouldColor({}, undefined, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
    expect(shouldColor(tty(), undefined, { FORCE_COLOR: "0" })).toBe(false);
    expect(shouldColor(tty(), undefined, { FORCE_COLOR: "false" })).toBe(false);
  });

  it("an explicit color option wins over everything", () => {
    expect(shouldColor({}, true, { NO_COLOR: "1" })).toBe(true);
    expect(shouldColor(tty(), false, { FORCE_COLOR: "1" })).toBe(false);
  });
});

describe("stylesFor", () => {
  it("styles through util.styleText when coloring, and leaves text alone otherwise", () => {
    expect(stylesFor(true).green("ok")).toBe(`${ESC}32mok${ESC}39m`);
    expect(stylesFor(true).bold("b")).toBe(`${ESC}1mb${ESC}22m`);
    expect(stylesFor(false).red("no")).toBe("no");
  });
});

/** A finished turn with no events: renderTurn prints only its closing line. */
function finishedTurn(): TurnHandle<unknown> {
  const result = { status: "completed", finalResponse: "", items: [], usage: null, output: undefined };
  return {
    async *[Symbol.asyncIterator]() {},
    result: () => Promise.resolve(result),
  } as unknown as TurnHandle<unknown>;
}

async function render(sink: Partial<ReturnType<typeof tty>>, color?: boolean): Promise<string> {
  const written: string[] = [];
  const out: TextSink = { ...sink, write: (text: string) => written.push(text) };
  await renderTurn(finishedTurn(), out, color === undefined ? {} : { color });
  return written.join("");
}

describe("renderTurn colors", () => {
  afterEach(() => vi.unstubAllEnvs());

  function environment(vars: { FORCE_COLOR?: string; NO_COLOR?: string }): void {
    vi.stubEnv("FORCE_COLOR", vars.FORCE_COLOR);
    vi.stubEnv("NO_COLOR", vars.NO_COLOR);
    vi.stubEnv("NODE_DISABLE_COLORS", undefined);
  }

  it("plain text for a sink that is not a terminal", async () => {
    environment({});
    expect(await render({})).toBe("✓ turn completed\n");
  });

  it("colors on a color terminal", async () => {
    environment({});
    expect(await render(tty())).toBe(`${ESC}32m✓${ESC}39m turn completed\n`);
  });

  it("no colors on a terminal under NO_COLOR", async () => {
    environment({ NO_COLOR: "1" });
    expect(await render(tty())).toBe("✓ turn completed\n");
  });

  it("colors on a pipe under FORCE_COLOR, none on a terminal under FORCE_COLOR=0", async () => {
    environment({ FORCE_COLOR: "1" });
    expect(await render({})).toContain(`${ESC}32m✓`);
    environment({ FORCE_COLOR: "0" });
    expect(await render(tty())).toBe("✓ turn completed\n");
  });

  it("the color option overrides the environment and the sink", async () => {
    environment({ NO_COLOR: "1" });
    expect(await render({}, true)).toContain(`${ESC}32m✓`);
    environment({ FORCE_COLOR: "1" });
    expect(await render(tty(), false)).toBe("✓ turn completed\n");
  });
});
