import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inputTexts, MockResponsesServer, reply } from "../../src/index.js";
import { parseSse, postResponses } from "../support/sse.js";

describe("MockResponsesServer", () => {
  let mock: MockResponsesServer;

  beforeEach(async () => {
    mock = await MockResponsesServer.start();
  });

  afterEach(async () => {
    await mock.close();
  });

  it("listens on 127.0.0.1 with a /v1 base url", () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it("answers requests with the queued replies in FIFO order", async () => {
    mock.enqueue(reply.message("first"), reply.message("second"));
    const texts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const response = await postResponses(mock.url);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/event-stream");
      const done = parseSse(await response.text()).find((f) => f.event === "response.output_item.done");
      const item = done?.data.item as { content: { text: string }[] };
      texts.push(item.content[0]!.text);
    }
    expect(texts).toEqual(["first", "second"]);
    expect(mock.pendingReplies).toBe(0);
    mock.assertScriptConsumed();
  });

  it("streams deltas between output_item.added and output_item.done, then response.completed", async () => {
    mock.enqueue(reply.message("Hello big world", { deltas: "auto", id: "msg_x" }));
    const frames = parseSse(await (await postResponses(mock.url)).text());
    expect(frames.map((f) => f.event)).toEqual([
      "response.created",
      "response.output_item.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(frames.filter((f) => f.event === "response.output_text.delta").map((f) => f.data.delta)).toEqual([
      "Hello ",
      "big ",
      "world",
    ]);
    // Every frame's data carries its own type, as the real API sends it.
    expect(frames.every((f) => f.data.type === f.event)).toBe(true);
  });

  it("records every /responses request with method, path and parsed body", async () => {
    mock.enqueue(reply.message("ok"));
    await (
      await postResponses(mock.url, {
        model: "mock-model",
        input: [{ type: "message", role: "user", content: [{ type: "input_text", text: "hi there" }] }],
      })
    ).text();
    const [request] = await mock.waitForRequests(1);
    expect(request).toMatchObject({ method: "POST", path: "/v1/responses", index: 0 });
    expect(request?.body?.model).toBe("mock-model");
    expect(inputTexts(request!)).toEqual(["hi there"]);
    expect(request?.headers["content-type"]).toBe("application/json");
  });

  it("serves GET /models without consuming the queue, and 404s unknown paths", async () => {
    mock.enqueue(reply.message("still queued"));
    const models = await fetch(`${mock.url}/models`);
    expect(models.status).toBe(200);
    expect(await models.json()).toEqual({ models: [] });
    const unknown = await fetch(`${mock.url}/nope`, { method: "POST", body: "{}" });
    expect(unknown.status).toBe(404);
    expect(mock.pendingReplies).toBe(1);
    expect(mock.requests).toHaveLength(0);
    expect(mock.allRequests.map((r) => `${r.method} ${r.path}`)).toEqual(["GET /v1/models", "POST /v1/nope"]);
  });

  it("fails clearly, never hangs, when the script ran out", async () => {
    mock.enqueue(reply.message("only one"));
    await (await postResponses(mock.url)).text();
    const response = await postResponses(mock.url);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toBe(
      "mock script exhausted: /responses request #2 (POST /v1/responses) has no queued reply",
    );
    expect(mock.errors).toHaveLength(1);
    expect(mock.errors[0]?.request.index).toBe(1);
    expect(() => mock.assertScriptConsumed()).toThrow(/request #2/);
  });

  it("lets a reply be computed from the request", async () => {
    mock.enqueue((request) => reply.message(`echo: ${inputTexts(request).join(" ")}`));
    const text = await (await postResponses(mock.url, { input: [{ role: "user", content: "ping" }] })).text();
    expect(text).toContain('"text":"echo: ping"');
  });

  it("records a throwing reply factory as a script error", async () => {
    mock.enqueue(() => {
      throw new Error("factory broke");
    });
    const response = await postResponses(mock.url);
    expect(response.status).toBe(400);
    expect(mock.errors[0]?.message).toContain("factory broke");
  });

  it("sends HTTP errors with their status and body", async () => {
    mock.enqueue(reply.httpError(503, "down for a bit"), reply.httpError(500));
    const plain = await postResponses(mock.url);
    expect(plain.status).toBe(503);
    expect(await plain.text()).toBe("down for a bit");
    const json = await postResponses(mock.url);
    expect(json.status).toBe(500);
    expect(((await json.json()) as { error: { message: string } }).error.message).toBe("mock HTTP 500");
  });

  it("ends with response.failed, or with no terminal event for a cut stream", async () => {
    mock.enqueue(
      reply.responseFailed("boom", { code: "rate_limit_exceeded" }),
      reply.cutStream(reply.message("x")),
    );
    const failed = parseSse(await (await postResponses(mock.url)).text());
    expect(failed.at(-1)).toEqual({
      event: "response.failed",
      data: {
        type: "response.failed",
        response: { id: "resp_1", error: { code: "rate_limit_exceeded", message: "boom" } },
      },
    });
    const cut = parseSse(await (await postResponses(mock.url)).text());
    expect(cut.map((f) => f.event)).toEqual(["response.created", "response.output_item.done"]);
  });

  it("delays a reply: a delayed first reply finishes after an undelayed second one", async () => {
    mock.enqueue(reply.message("slow", { delayMs: 500 }), reply.message("fast"));
    const finished: string[] = [];
    const slow = postResponses(mock.url).then(async (r) =>
      finished.push((await r.text()).includes("slow") ? "slow" : "?"),
    );
    await mock.waitForRequests(1);
    const fast = postResponses(mock.url).then(async (r) =>
      finished.push((await r.text()).includes("fast") ? "fast" : "?"),
    );
    await Promise.all([slow, fast]);
    expect(finished).toEqual(["fast", "slow"]);
  });

  it("spaces events with eventDelayMs while the stream is open", async () => {
    mock.enqueue(reply.message("a b c", { deltas: "auto", eventDelayMs: 150 }));
    const response = await postResponses(mock.url);
    const reader = response.body!.getReader();
    const first = await reader.read();
    // The first chunk arrives before the rest of the stream was written.
    expect(new TextDecoder().decode(first.value)).not.toContain("response.completed");
    expect(mock.openResponses).toBe(1);
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += new TextDecoder().decode(chunk.value);
    }
    expect(rest).toContain("response.completed");
  });

  it("keeps a hanging stream open until the client disconnects", async () => {
    mock.enqueue(reply.hang(reply.message("typing", { deltas: ["typ"], done: false })));
    const response = await postResponses(mock.url);
    const reader = response.body!.getReader();
    let seen = "";
    while (!seen.includes("response.output_text.delta")) {
      const chunk = await reader.read();
      seen += new TextDecoder().decode(chunk.value);
    }
    expect(seen).not.toContain("response.completed");
    expect(mock.openResponses).toBe(1);
    await reader.cancel();
    await mock.waitUntilIdle();
    expect(mock.openResponses).toBe(0);
  });

  it("ends hanging streams when it closes", async () => {
    mock.enqueue(reply.hang());
    const response = await postResponses(mock.url);
    const reader = response.body!.getReader();
    await reader.read(); // response.created
    const ended = (async () => {
      try {
        while (!(await reader.read()).done) {}
        return "done";
      } catch {
        return "errored";
      }
    })();
    await mock.close();
    expect(["done", "errored"]).toContain(await ended);
  });

  it("answers matching requests from routed queues before the main queue", async () => {
    mock.enqueue(reply.message("main"));
    mock.enqueueFor((request) => request.body?.route === "b", reply.message("routed b"));
    expect(mock.pendingReplies).toBe(2);
    const routed = await (await postResponses(mock.url, { route: "b" })).text();
    expect(routed).toContain('"text":"routed b"');
    // The routed queue is used up, so a second "b" request falls through to the main queue.
    const main = await (await postResponses(mock.url, { route: "b" })).text();
    expect(main).toContain('"text":"main"');
    expect(mock.pendingReplies).toBe(0);
    mock.assertScriptConsumed();
  });

  it("reports replies that were never requested", async () => {
    mock.enqueue(reply.message("unused"));
    mock.enqueueFor(() => false, reply.message("never matched"));
    expect(() => mock.assertScriptConsumed()).toThrow("2 queued reply(ies) were never requested");
  });

  it("rejects waitForRequests with a count when it times out", async () => {
    await expect(mock.waitForRequests(1, { timeoutMs: 50 })).rejects.toThrow(
      "waited 50 ms for 1 /responses request(s), got 0",
    );
  });

  it("resolves waitForRequests once enough requests arrived", async () => {
    mock.enqueue(reply.message("1"), reply.message("2"));
    const waiting = mock.waitForRequests(2);
    await (await postResponses(mock.url, { n: 1 })).text();
    await (await postResponses(mock.url, { n: 2 })).text();
    expect((await waiting).map((r) => r.body?.n)).toEqual([1, 2]);
  });
});
