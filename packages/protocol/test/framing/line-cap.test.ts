import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../src/framing/line-splitter.js";

describe("LineSplitter cap", () => {
  it("reports a line past maxLineBytes once, counting bytes across chunks, and ignores the rest", () => {
    const overflows: number[] = [];
    const lines: string[] = [];
    const splitter = new LineSplitter({ maxLineBytes: 10, onOverflow: (bytes) => overflows.push(bytes) });
    splitter.push(Buffer.from("short\nabcdef"), (line) => lines.push(line));
    splitter.push(Buffer.from("ghij"), (line) => lines.push(line)); // 10 bytes: still fine
    expect(overflows).toEqual([]);
    splitter.push(Buffer.from("k"), (line) => lines.push(line)); // 11: over
    splitter.push(Buffer.from("\nlater\n"), (line) => lines.push(line));
    splitter.end((line) => lines.push(line));
    expect(lines).toEqual(["short"]);
    expect(overflows).toEqual([11]);
    expect(splitter.pendingLength).toBe(0);
  });

  it("counts UTF-8 bytes, not characters, and catches an overlong line inside one big chunk", () => {
    const overflows: number[] = [];
    const splitter = new LineSplitter({ maxLineBytes: 8, onOverflow: (bytes) => overflows.push(bytes) });
    const lines: string[] = [];
    splitter.push(Buffer.from("éé\n"), (line) => lines.push(line)); // 4 bytes
    splitter.push(Buffer.from(`a\n${"x".repeat(20)}\nb\n`), (line) => lines.push(line));
    expect(lines).toEqual(["éé"]);
    expect(overflows).toEqual([20]);
  });

  it("without a handler keeps only the end of an endless line (bounded memory)", () => {
    const splitter = new LineSplitter({ maxLineBytes: 1000 });
    const chunk = Buffer.from("y".repeat(4096));
    for (let i = 0; i < 2000; i++) splitter.push(chunk, () => {});
    expect(splitter.pendingLength).toBeLessThanOrEqual(1000 + chunk.length);
    const lines: string[] = [];
    splitter.push(Buffer.from("END\n"), (line) => lines.push(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("yyyEND")).toBe(true);
    expect(lines[0]!.length).toBeLessThanOrEqual(1000 + chunk.length + 3);
  });
});
