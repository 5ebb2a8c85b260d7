import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  accountUsageBody,
  chatGptAuthJson,
  MockResponsesServer,
  rateLimitHeaders,
  reply,
} from "../../src/index.js";
import { parseSse, postResponses } from "../support/sse.js";

const RESET = 1_893_456_000;

describe("rateLimitHeaders", () => {
  it("spells the codex header family, every value a string", () => {
    expect(
      rateLimitHeaders({
        primary: { usedPercent: 42.5, windowMinutes: 300, resetsAt: RESET },
        secondary: { usedPercent: 7 },
        credits: { hasCredits: true, unlimited: false, balance: "12.50" },
        limitName: "Main",
        reachedType: "rate_limit_reached",
      }),
    ).toEqual({
      "x-codex-primary-used-percent": "42.5",
      "x-codex-primary-window-minutes": "300",
      "x-codex-primary-reset-at": String(RESET),
      "x-codex-secondary-used-percent": "7",
      "x-codex-limit-name": "Main",
      "x-codex-credits-has-credits": "true",
      "x-codex-credits-unlimited": "false",
      "x-codex-credits-balance": "12.50",
      "x-codex-rate-limit-reached-type": "rate_limit_reached",
    });
  });

  it("names another limit's family after its id (underscores become dashes)", () => {
    expect(
      rateLimitHeaders({ limitId: "codex_other", primary: { usedPercent: 80, windowMinutes: 60 } }),
    ).toEqual({
      "x-codex-other-primary-used-percent": "80",
      "x-codex-other-primary-window-minutes": "60",
    });
  });

  it("refuses values codex would drop without a word", () => {
    expect(() => rateLimitHeaders({ primary: { usedPercent: 1, windowMinutes: 1.5 } })).toThrow(
      "primary.windowMinutes must be an integer",
    );
    expect(() => rateLimitHeaders({ secondary: { usedPercent: Number.NaN } })).toThrow(
      "secondary.usedPercent must be a finite number",
    );
    expect(() => rateLimitHeaders({ limitId: "codex other" })).toThrow("is not a header-name token");
  });
});

describe("reply.withRateLimits and reply.withHeaders", () => {
  it("keep the reply's items and end, and compose with withUsage and withTiming", () => {
    const base = reply.message("hi", { id: "msg_1" });
    const limited = reply.withTiming(
      reply.withUsage(reply.withRateLimits(base, { primary: { usedPercent: 42 } }), { input: 3, output: 1 }),
      { delayMs: 5 },
    );
    expect(limited.items).toEqual(base.items);
    expect(limited.headers).toEqual({ "x-codex-primary-used-percent": "42" });
    expect(limited.delayMs).toBe(5);
    expect(limited.end).toMatchObject({ kind: "completed", usage: { total_tokens: 4 } });
  });

  it("merge over earlier headers, lowercasing names; later values win", () => {
    const once = reply.withRateLimits(reply.message("x"), { primary: { usedPercent: 10 } });
    const twice = reply.withRateLimits(reply.withHeaders(once, { "X-Request-Id": "req_1" }), {
      primary: { usedPercent: 20 },
      limitId: "codex_other",
    });
    expect(reply.withRateLimits(twice, { primary: { usedPercent: 30 } }).headers).toEqual({
      "x-codex-primary-used-percent": "30",
      "x-request-id": "req_1",
      "x-codex-other-primary-used-percent": "20",
    });
  });

  it("survive turn(), hang(), cutStream() and responseFailed() built from the reply", () => {
    const limited = reply.withRateLimits(reply.message("a"), { primary: { usedPercent: 5 } });
    const other = reply.withHeaders(reply.message("b"), { "x-extra": "1" });
    expect(reply.turn([limited, other]).headers).toEqual({
      "x-codex-primary-used-percent": "5",
      "x-extra": "1",
    });
    expect(reply.turn([reply.message("plain")]).headers).toBeUndefined();
    expect(reply.hang(limited).headers).toEqual(limited.headers);
    expect(reply.cutStream(limited).headers).toEqual(limited.headers);
    expect(reply.responseFailed("boom", { prefix: limited }).headers).toEqual(limited.headers);
  });
});

describe("MockResponsesServer sends the headers and plays the usage endpoint", () => {
  let mock: MockResponsesServer;

  beforeEach(async () => {
    mock = await MockResponsesServer.start();
  });

  afterEach(async () => {
    await mock.close();
  });

  it("sends a stream reply's rate-limit headers with the status line, next to the SSE defaults", async () => {
    mock.enqueue(
      reply.withRateLimits(reply.message("hi"), {
        primary: { usedPercent: 42, windowMinutes: 300, resetsAt: RESET },
      }),
    );
    const response = await postResponses(mock.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(response.headers.get("x-codex-primary-used-percent")).toBe("42");
    expect(response.headers.get("x-codex-primary-window-minutes")).toBe("300");
    expect(response.headers.get("x-codex-primary-reset-at")).toBe(String(RESET));
    const frames = parseSse(await response.text());
    expect(frames.map((frame) => frame.event)).toEqual([
      "response.created",
      "response.output_item.done",
      "response.completed",
    ]);
  });

  it("sends an HTTP reply's headers too (a 429 that reports the spent window)", async () => {
    mock.enqueue(
      reply.withRateLimits(reply.httpError(429, { error: { type: "usage_limit_reached" } }), {
        primary: { usedPercent: 100, resetsAt: RESET },
        reachedType: "rate_limit_reached",
      }),
    );
    const response = await postResponses(mock.url);
    expect(response.status).toBe(429);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-codex-primary-used-percent")).toBe("100");
    expect(response.headers.get("x-codex-rate-limit-reached-type")).toBe("rate_limit_reached");
  });

  it("answers GET /api/codex/usage once account usage is set, 404 before", async () => {
    const usageUrl = `${mock.chatGptBaseUrl}/api/codex/usage`;
    expect(mock.chatGptBaseUrl).toBe(mock.url.replace(/\/v1$/, ""));
    expect((await fetch(usageUrl)).status).toBe(404);
    mock.setAccountUsage({
      planType: "plus",
      primary: { usedPercent: 42, windowMinutes: 300, resetsAt: RESET },
      credits: { hasCredits: false, unlimited: false },
    });
    const response = await fetch(usageUrl);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      plan_type: "plus",
      rate_limit: {
        allowed: true,
        limit_reached: false,
        primary_window: { used_percent: 42, limit_window_seconds: 18_000, reset_at: RESET },
        secondary_window: null,
      },
      credits: { has_credits: false, unlimited: false, balance: null },
    });
    // The usage read is not a /responses request: it consumes no reply.
    expect(mock.requests).toHaveLength(0);
    expect(mock.allRequests.map((request) => request.path)).toEqual(["/api/codex/usage", "/api/codex/usage"]);
  });
});

describe("accountUsageBody and chatGptAuthJson", () => {
  it("derives reset_after_seconds from resetsAt and refuses fractions codex would refuse", () => {
    const body = accountUsageBody(
      { secondary: { usedPercent: 5, windowMinutes: 10_080, resetsAt: RESET }, limitReached: true },
      (RESET - 120) * 1000,
    );
    expect(body.rate_limit).toEqual({
      allowed: false,
      limit_reached: true,
      primary_window: null,
      secondary_window: {
        used_percent: 5,
        limit_window_seconds: 604_800,
        reset_after_seconds: 120,
        reset_at: RESET,
      },
    });
    expect(() => accountUsageBody({ primary: { usedPercent: 4.5, windowMinutes: 1, resetsAt: 1 } })).toThrow(
      "primary.usedPercent must be an integer",
    );
  });

  it("writes a ChatGPT auth.json whose unsigned id token carries the plan and account", () => {
    const auth = JSON.parse(chatGptAuthJson({ accountId: "acct-9", planType: "team" })) as {
      auth_mode: string;
      tokens: { id_token: string; access_token: string; account_id: string };
      last_refresh: string;
    };
    expect(auth.auth_mode).toBe("chatgpt");
    expect(auth.tokens.access_token).toBe("mock-chatgpt-token");
    expect(auth.tokens.account_id).toBe("acct-9");
    const [header, payload] = auth.tokens.id_token.split(".");
    expect(JSON.parse(Buffer.from(header ?? "", "base64url").toString())).toEqual({
      alg: "none",
      typ: "JWT",
    });
    expect(JSON.parse(Buffer.from(payload ?? "", "base64url").toString())).toMatchObject({
      "https://api.openai.com/auth": { chatgpt_plan_type: "team", chatgpt_account_id: "acct-9" },
    });
    expect(Date.now() - Date.parse(auth.last_refresh)).toBeLessThan(60_000);
  });
});
