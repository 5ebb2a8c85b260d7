import { tracingChannel } from "node:diagnostics_channel";
import { describe, expect, it } from "vitest";
import type { RequestTraceContext } from "../../src/connection/request-tracing.js";
import { InvalidRequestError } from "../../src/errors.js";
import { REQUEST_TRACING_CHANNEL } from "../../src/index.js";
import { connectFake } from "../support/fake-connection.js";

type Seen = { event: string; method: string; requestId?: string | number; error?: unknown; result?: unknown };

/** Subscribes to the request channel for one test, recording every event with a copy of its context. */
function recordRequests(): { seen: Seen[]; stop(): void } {
  const channel = tracingChannel<unknown, RequestTraceContext & { error?: unknown; result?: unknown }>(
    REQUEST_TRACING_CHANNEL,
  );
  const seen: Seen[] = [];
  const record = (event: string) => (message: unknown) => {
    const context = message as RequestTraceContext & { error?: unknown; result?: unknown };
    seen.push({
      event,
      method: context.method,
      ...(context.requestId !== undefined && { requestId: context.requestId }),
      ...(context.error !== undefined && { error: context.error }),
      ...(context.result !== undefined && { result: context.result }),
    });
  };
  const handlers = {
    start: record("start"),
    end: record("end"),
    asyncStart: record("asyncStart"),
    asyncEnd: record("asyncEnd"),
    error: record("error"),
  };
  channel.subscribe(handlers);
  return { seen, stop: () => channel.unsubscribe(handlers) };
}

describe("diagnostics: the codex:app-server:request tracing channel", () => {
  it("publishes start and asyncEnd with method, params and requestId, and error with the CodexError", async () => {
    const fake = await connectFake({
      handlers: {
        "thread/list": { result: { data: [], nextCursor: null } },
        "thread/read": { error: { code: -32600, message: "thread not loaded: x" } },
      },
    });
    const recording = recordRequests();
    try {
      await fake.connection.request("thread/list", {});
      const failure = await fake.connection
        .request("thread/read", { threadId: "x" })
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(InvalidRequestError);

      const list = recording.seen.filter((s) => s.method === "thread/list");
      expect(list.map((s) => s.event)).toEqual(["start", "end", "asyncStart", "asyncEnd"]);
      expect(list[0]).not.toHaveProperty("requestId");
      expect(list.at(-1)).toMatchObject({ requestId: 2, result: { data: [], nextCursor: null } });

      const read = recording.seen.filter((s) => s.method === "thread/read");
      expect(read.map((s) => s.event)).toEqual(["start", "end", "error", "asyncStart", "asyncEnd"]);
      expect(read.find((s) => s.event === "error")?.error).toBe(failure);
      expect(read.find((s) => s.event === "error")).toMatchObject({ requestId: 3 });
    } finally {
      recording.stop();
    }
  }, 20_000);

  it("gives the start subscriber the params as sent, and publishes nothing once unsubscribed", async () => {
    const fake = await connectFake({ handlers: { "thread/list": { result: { data: [] } } } });
    const channel = tracingChannel<unknown, RequestTraceContext>(REQUEST_TRACING_CHANNEL);
    const params: unknown[] = [];
    const ignore = (): void => {};
    const handlers = {
      start: (message: unknown) => {
        params.push((message as RequestTraceContext).params);
      },
      end: ignore,
      asyncStart: ignore,
      asyncEnd: ignore,
      error: ignore,
    };
    channel.subscribe(handlers);
    await fake.connection.requestUnchecked("thread/list", undefined);
    channel.unsubscribe(handlers);
    await fake.connection.request("thread/list", { limit: 1 });
    expect(params).toEqual([{}]);
    expect(channel.hasSubscribers).toBe(false);
  }, 20_000);
});
