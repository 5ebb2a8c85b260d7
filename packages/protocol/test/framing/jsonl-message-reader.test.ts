import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Message } from "vscode-jsonrpc/node";
import { JsonlMessageReader } from "../../src/framing/jsonl-message-reader.js";
import { JsonlMessageWriter } from "../../src/framing/jsonl-message-writer.js";
import type { MalformedMessage } from "../../src/framing/malformed-message.js";
import { classifyMessage } from "../../src/framing/parse-message.js";

function collect(stream: PassThrough) {
  const reader = new JsonlMessageReader(stream);
  const messages: Message[] = [];
  const malformed: MalformedMessage[] = [];
  const events: string[] = [];
  reader.onMalformedMessage((m) => {
    malformed.push(m);
    events.push("malformed");
  });
  const closed = new Promise<void>((resolve) =>
    reader.onClose(() => {
      events.push("close");
      resolve();
    }),
  );
  reader.listen((message) => {
    messages.push(message);
    events.push("message");
  });
  return { messages, malformed, events, closed };
}

describe("JsonlMessageReader", () => {
  it("reports malformed lines with their raw text and keeps reading", async () => {
    const stream = new PassThrough();
    const { messages, malformed, closed } = collect(stream);
    stream.write(
      '{"method":"a"}\nnot json at all\n[1,2,3]\n{"foo":1}\n{"method":"b"\n{"id":1,"result":{}}\n',
    );
    stream.end();
    await closed;
    expect(messages).toEqual([{ method: "a" }, { id: 1, result: {} }]);
    expect(malformed.map((m) => m.raw)).toEqual(["not json at all", "[1,2,3]", '{"foo":1}', '{"method":"b"']);
    expect(malformed.every((m) => m.error instanceof Error)).toBe(true);
  });

  it("delivers every message before close, including a last line without newline", async () => {
    const stream = new PassThrough();
    const { messages, events, closed } = collect(stream);
    for (let i = 0; i < 5000; i++) stream.write(`{"method":"n","params":{"seq":${i}}}\n`);
    stream.end('{"method":"last"}');
    await closed;
    expect(messages).toHaveLength(5001);
    expect(
      messages.slice(0, 5000).map((m) => (m as unknown as { params: { seq: number } }).params.seq),
    ).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(events.at(-1)).toBe("close");
    expect(events.filter((e) => e === "close")).toHaveLength(1);
  });
});

describe("classifyMessage", () => {
  it("tells messages apart by shape, not by id", () => {
    const asMessage = (value: object) => value as unknown as Message;
    expect(classifyMessage(asMessage({ id: 0, method: "item/tool/call", params: {} }))).toBe("request");
    expect(classifyMessage(asMessage({ id: 0, result: {} }))).toBe("response");
    expect(classifyMessage(asMessage({ id: "x", error: { code: 1, message: "m" } }))).toBe("response");
    expect(classifyMessage(asMessage({ method: "turn/started", params: {} }))).toBe("notification");
    expect(classifyMessage(asMessage({ foo: 1 }))).toBe("invalid");
  });
});

describe("JsonlMessageWriter", () => {
  it("writes one JSON object per line, in call order", async () => {
    const stream = new PassThrough();
    const writer = new JsonlMessageWriter(stream);
    const chunks: string[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString("utf8")));
    await Promise.all([
      writer.write({ id: 1, method: "a", params: {} } as unknown as Message),
      writer.write({ method: "b" } as unknown as Message),
    ]);
    expect(chunks.join("")).toBe('{"id":1,"method":"a","params":{}}\n{"method":"b"}\n');
  });

  it("rejects writes after end", async () => {
    const stream = new PassThrough();
    const writer = new JsonlMessageWriter(stream);
    writer.end();
    await expect(writer.write({ method: "x" } as unknown as Message)).rejects.toThrow(/closed/);
  });
});
