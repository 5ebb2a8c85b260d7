import { describe, expect, it } from "vitest";
import { LineSplitter } from "../../src/framing/line-splitter.js";

function splitAll(chunks: Array<Buffer | string>, end = true): string[] {
  const splitter = new LineSplitter();
  const lines: string[] = [];
  for (const chunk of chunks) splitter.push(chunk, (line) => lines.push(line));
  if (end) splitter.end((line) => lines.push(line));
  return lines;
}

describe("LineSplitter", () => {
  it("joins a line split across chunks", () => {
    expect(splitAll([Buffer.from('{"a":'), Buffer.from("1"), Buffer.from("}\n")])).toEqual(['{"a":1}']);
  });

  it("emits many lines from one chunk, in order", () => {
    const text = Array.from({ length: 1000 }, (_, i) => `{"n":${i}}`).join("\n") + "\n";
    const lines = splitAll([Buffer.from(text)]);
    expect(lines).toHaveLength(1000);
    expect(lines[0]).toBe('{"n":0}');
    expect(lines[999]).toBe('{"n":999}');
  });

  it("strips the CR of CRLF line ends", () => {
    expect(splitAll(['{"a":1}\r\n{"b":2}\r', "\n"])).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("skips blank and whitespace-only lines", () => {
    expect(splitAll(['\n\n  \n{"a":1}\n\r\n\t\n{"b":2}\n'])).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("decodes UTF-8 characters split across chunks", () => {
    const bytes = Buffer.from('{"t":"héllo 😀 世界"}\n', "utf8");
    // Split inside every multi-byte sequence by feeding one byte at a time.
    const chunks = [...bytes].map((byte) => Buffer.from([byte]));
    expect(splitAll(chunks)).toEqual(['{"t":"héllo 😀 世界"}']);
  });

  it("flushes a last line without a newline at end of input", () => {
    expect(splitAll(['{"a":1}\n{"b"', ":2}"])).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("keeps an unfinished line pending until its newline", () => {
    const splitter = new LineSplitter();
    const lines: string[] = [];
    splitter.push('{"a":', (line) => lines.push(line));
    expect(lines).toEqual([]);
    expect(splitter.pendingLength).toBe(5);
    splitter.push("1}\n", (line) => lines.push(line));
    expect(lines).toEqual(['{"a":1}']);
    expect(splitter.pendingLength).toBe(0);
  });

  it("handles a 50 MB line delivered in 64 KiB chunks", () => {
    const payload = "x".repeat(50 * 1024 * 1024);
    const bigLine = `{"method":"big","params":{"data":"${payload}"}}`;
    const line = Buffer.from(`${bigLine}\n{"method":"after"}\n`);
    const chunks: Buffer[] = [];
    for (let offset = 0; offset < line.length; offset += 65536)
      chunks.push(line.subarray(offset, offset + 65536));
    const lines = splitAll(chunks);
    expect(lines).toHaveLength(2);
    expect(lines[0]!.length).toBe(bigLine.length);
    expect((JSON.parse(lines[0]!) as { params: { data: string } }).params.data.length).toBe(payload.length);
    expect(lines[1]).toBe('{"method":"after"}');
  });
});
