import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import {
  validateClientRequestParams,
  validateClientRequestResult,
  validateDefinition,
  validateServerNotificationParams,
  validateServerRequestParams,
  validateServerRequestResult,
} from "./support/generated.js";
import { type CapturedSession, captureSession } from "./support/raw-app-server.js";

const fixtures = JSON.parse(
  readFileSync(join(import.meta.dirname, "fixtures", "real-messages.json"), "utf8"),
) as CapturedSession;

function response(method: string): { params: unknown; result: Record<string, unknown> } {
  const found = fixtures.requests.find((exchange) => exchange.method === method);
  if (!found) throw new Error(`no captured ${method}`);
  return { params: found.params, result: structuredClone(found.result) as Record<string, unknown> };
}

describe("ajv accepts messages captured from the real binary (fixtures)", () => {
  test("the fixtures hold the four exchanges and their notifications", () => {
    expect(fixtures.requests.map((exchange) => exchange.method)).toEqual([
      "initialize",
      "thread/start",
      "config/read",
      "model/list",
    ]);
    expect(fixtures.notifications.map((notification) => notification.method)).toContain("thread/started");
  });

  test.each(fixtures.requests.map((exchange) => [exchange.method, exchange] as const))(
    "%s",
    (method, exchange) => {
      expect(validateClientRequestParams(method, exchange.params)).toEqual({ ok: true });
      expect(validateClientRequestResult(method, exchange.result)).toEqual({ ok: true });
    },
  );

  test("notifications", () => {
    for (const { method, params } of fixtures.notifications) {
      expect(validateServerNotificationParams(method, params), method).toEqual({ ok: true });
    }
  });
});

describe("ajv rejects broken messages with readable errors", () => {
  test("a missing required field names its path", () => {
    const { result } = response("thread/start");
    delete (result.thread as Record<string, unknown>).id;
    expect(validateClientRequestResult("thread/start", result)).toEqual({
      ok: false,
      issues: [{ path: "/result/thread/id", message: "is required" }],
    });
  });

  test("a wrong type names its path and the expected type", () => {
    expect(validateClientRequestParams("turn/start", { threadId: 42, input: [] })).toEqual({
      ok: false,
      issues: [{ path: "/params/threadId", message: "must be string" }],
    });
  });

  test("a bad enum value lists the allowed values", () => {
    const outcome = validateClientRequestParams("thread/start", { approvalPolicy: "unlessTrusted" });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.issues).toHaveLength(1);
    expect(outcome.issues[0]!.path).toBe("/params/approvalPolicy");
    expect(outcome.issues[0]!.message).toContain('"untrusted", "on-request", "never"');
  });

  test("inside a tagged union, the error is the one of the variant that was meant", () => {
    expect(validateClientRequestParams("turn/start", { threadId: "t", input: [{ type: "text" }] })).toEqual({
      ok: false,
      issues: [{ path: "/params/input/0/text", message: "is required" }],
    });
  });

  test("a broken notification is rejected", () => {
    const started = fixtures.notifications.find((notification) => notification.method === "thread/started")!;
    const broken = structuredClone(started.params) as { thread: Record<string, unknown> };
    broken.thread.status = { type: "sleeping" };
    const outcome = validateServerNotificationParams("thread/started", broken);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok)
      expect(outcome.issues.map((issue) => issue.path)).toContain("/params/thread/status/type");
  });

  test("server requests and their replies are checked", () => {
    const params = { threadId: "t", turnId: "u", itemId: "i", startedAtMs: 1 };
    expect(validateServerRequestParams("item/commandExecution/requestApproval", params)).toEqual({
      ok: true,
    });
    expect(
      validateServerRequestResult("item/commandExecution/requestApproval", { decision: "accept" }),
    ).toEqual({
      ok: true,
    });
    const outcome = validateServerRequestResult("item/commandExecution/requestApproval", {
      decision: "maybe",
    });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.issues[0]!.path).toBe("/result/decision");
  });

  test("unknown fields are tolerated; unknown methods are reported", () => {
    const { result } = response("config/read");
    expect(validateClientRequestResult("config/read", { ...result, fieldFromTheFuture: 1 })).toEqual({
      ok: true,
    });
    expect(validateClientRequestParams("no/such/method", {})).toEqual({
      ok: false,
      issues: [{ path: "/method", message: 'unknown client request method "no/such/method"' }],
    });
    expect(validateDefinition("NoSuchDefinition", {})).toEqual({
      ok: false,
      issues: [{ path: "", message: 'unknown schema definition "NoSuchDefinition"' }],
    });
  });

  test("null-params methods take nothing or {}; optional params may be omitted", () => {
    expect(validateClientRequestParams("account/logout", undefined)).toEqual({ ok: true });
    expect(validateClientRequestParams("account/logout", {})).toEqual({ ok: true });
    expect(validateClientRequestParams("account/logout", { x: 1 }).ok).toBe(false);
    expect(validateClientRequestParams("account/rateLimits/read", undefined)).toEqual({ ok: true });
  });
});

describe("ajv accepts what the real binary sends now", () => {
  let session: CapturedSession;
  beforeAll(async () => {
    session = await captureSession();
  }, 60_000);

  test("live responses and notifications validate", () => {
    expect(session.requests).toHaveLength(4);
    for (const { method, params, result } of session.requests) {
      expect(validateClientRequestParams(method, params), method).toEqual({ ok: true });
      expect(validateClientRequestResult(method, result), method).toEqual({ ok: true });
    }
    expect(session.notifications.length).toBeGreaterThan(0);
    for (const { method, params } of session.notifications) {
      expect(validateServerNotificationParams(method, params), method).toEqual({ ok: true });
    }
  });
});
