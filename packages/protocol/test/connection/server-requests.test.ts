import { describe, expect, it } from "vitest";
import { connectFake, eventually } from "../support/fake-connection.js";

const approvalParams = {
  threadId: "t",
  turnId: "u",
  itemId: "call_1",
  startedAtMs: 1,
  command: "ls",
  cwd: "/tmp",
};

type Answered = {
  requestId: number;
  method: string;
  result?: unknown;
  error?: { code: number; message: string };
};

function answers(connection: Awaited<ReturnType<typeof connectFake>>["connection"]): Answered[] {
  const list: Answered[] = [];
  connection.onAnyNotification((n) => {
    if (n.method === ("fake/serverRequestAnswered" as string)) list.push(n.params as unknown as Answered);
  });
  return list;
}

describe("server requests (scripted fake app-server)", () => {
  it("answers with the handler's result; ids from 0 do not collide with client ids", async () => {
    const fake = await connectFake({
      steps: [
        { waitFor: "initialized" },
        {
          request: "item/commandExecution/requestApproval",
          params: approvalParams,
          echoAnswer: true,
          awaitAnswer: true,
        },
      ],
    });
    const received = answers(fake.connection);
    const seen: unknown[] = [];
    fake.connection.onServerRequest("item/commandExecution/requestApproval", (params, context) => {
      seen.push({ params, id: context.requestId, method: context.method });
      return { decision: "accept" };
    });
    await eventually(() => (received.length === 1 ? true : undefined));
    expect(seen).toEqual([
      { params: approvalParams, id: 0, method: "item/commandExecution/requestApproval" },
    ]);
    expect(received[0]).toEqual({
      requestId: 0,
      method: "item/commandExecution/requestApproval",
      result: { decision: "accept" },
    });
  }, 20_000);

  it("turns a handler's throw into a JSON-RPC error reply", async () => {
    const fake = await connectFake({
      steps: [
        { waitFor: "initialized" },
        {
          request: "item/fileChange/requestApproval",
          params: { threadId: "t", turnId: "u", itemId: "i" },
          echoAnswer: true,
        },
      ],
    });
    const received = answers(fake.connection);
    fake.connection.onServerRequest("item/fileChange/requestApproval", () => {
      throw new Error("approval UI crashed");
    });
    await eventually(() => (received.length === 1 ? true : undefined));
    expect(received[0]!.error).toEqual({ code: -32603, message: "approval UI crashed" });
    expect(received[0]!.result).toBeUndefined();
  }, 20_000);

  it("replies with an error when no handler is registered, and uses the catch-all when there is one", async () => {
    const fake = await connectFake({
      steps: [
        { waitFor: "initialized" },
        { request: "item/tool/requestUserInput", params: {}, echoAnswer: true, awaitAnswer: true },
        { waitFor: "fake/next" },
        { request: "fake/unknownRequest", params: { x: 1 }, echoAnswer: true },
      ],
    });
    const received = answers(fake.connection);
    await eventually(() => (received.length === 1 ? true : undefined));
    expect(received[0]!.error?.code).toBe(-32601);
    expect(received[0]!.error?.message).toContain("item/tool/requestUserInput");
    fake.connection.onAnyServerRequest((params, context) => ({ echoed: params, method: context.method }));
    await fake.connection.notify("fake/next");
    await eventually(() => (received.length === 2 ? true : undefined));
    expect(received[1]!.result).toEqual({ echoed: { x: 1 }, method: "fake/unknownRequest" });
  }, 20_000);

  it("runs handlers off the read loop: a slow handler does not block later messages, and may send requests", async () => {
    const fake = await connectFake({
      handlers: { "thread/list": { result: { data: [], nextCursor: "from-handler" } } },
      steps: [
        { waitFor: "initialized" },
        { request: "item/commandExecution/requestApproval", params: approvalParams, echoAnswer: true },
        { notify: "fake/afterRequest", params: {} },
      ],
    });
    const received = answers(fake.connection);
    let releaseHandler!: () => void;
    const laterMessageArrived = new Promise<void>((resolve) => {
      releaseHandler = resolve;
    });
    fake.connection.onAnyNotification((n) => {
      if (n.method === ("fake/afterRequest" as string)) releaseHandler();
    });
    fake.connection.onServerRequest("item/commandExecution/requestApproval", async () => {
      // Waits for a message that comes after this request: blocking the read loop would deadlock here.
      await laterMessageArrived;
      const listed = (await fake.connection.request("thread/list", {})) as { nextCursor: string | null };
      return { decision: listed.nextCursor === "from-handler" ? "accept" : "decline" };
    });
    await eventually(() => (received.length === 1 ? true : undefined));
    expect(received[0]!.result).toEqual({ decision: "accept" });
  }, 20_000);

  it("aborts a running handler's signal when the connection closes", async () => {
    const fake = await connectFake({
      steps: [
        { waitFor: "initialized" },
        { request: "item/commandExecution/requestApproval", params: approvalParams },
      ],
    });
    let signal: AbortSignal | undefined;
    fake.connection.onServerRequest("item/commandExecution/requestApproval", (_params, context) => {
      signal = context.signal;
      return new Promise(() => {});
    });
    await eventually(() => signal);
    expect(signal!.aborted).toBe(false);
    await fake.cleanup();
    expect(signal!.aborted).toBe(true);
  }, 20_000);
});
