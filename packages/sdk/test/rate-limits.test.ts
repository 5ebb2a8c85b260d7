import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type CodexTestEnv, chatGptAuthJson, reply, startCodexTestEnv } from "@codex/app-server-testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RateLimitTracker } from "../src/account/rate-limits.js";
import {
  type AccountRateLimitsUpdatedNotification,
  Codex,
  CodexAbortError,
  InternalServerError,
  NotLoggedInError,
  type RateLimitSnapshot,
  TurnFailedError,
} from "../src/index.js";
import { useFixture } from "./support/codex-fixture.js";

const T = 60_000;
/** 2030-01-01T00:00:00Z, in Unix seconds. */
const RESET = 1_893_456_000;

/** Waits for the next update, failing the test instead of hanging when none comes. */
async function nextUpdate(
  updates: AsyncIterator<AccountRateLimitsUpdatedNotification>,
  timeoutMs = 15_000,
): Promise<IteratorResult<AccountRateLimitsUpdatedNotification>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no rate-limit update within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([updates.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe("rate limits reported by model calls (real binary, headers from the mock model)", () => {
  const fx = useFixture(T);

  it(
    "streams account/rateLimits/updated during the turn with the exact header numbers",
    async () => {
      expect(fx.codex.lastRateLimits).toBeUndefined();
      const updates = fx.codex.rateLimitUpdates();
      const order: string[] = [];
      const watching = fx.codex.onAnyNotification((event) => {
        if (event.method === "account/rateLimits/updated" || event.method === "turn/completed")
          order.push(event.method);
      });
      fx.env.mock.enqueue(
        reply.withRateLimits(reply.message("hi"), {
          primary: { usedPercent: 42, windowMinutes: 300, resetsAt: RESET },
          secondary: { usedPercent: 7, windowMinutes: 10_080, resetsAt: RESET + 3600 },
          credits: { hasCredits: true, unlimited: false, balance: "12.50" },
          limitName: "Main",
        }),
      );
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const [update] = await Promise.all([nextUpdate(updates), thread.run("hello")]);
      watching();
      expect(order).toEqual(["account/rateLimits/updated", "turn/completed"]);
      expect(update.done).toBe(false);
      const rateLimits = update.value?.rateLimits;
      expect(rateLimits).toMatchObject({
        limitId: "codex",
        limitName: "Main",
        primary: { usedPercent: 42, windowDurationMins: 300, resetsAt: RESET },
        secondary: { usedPercent: 7, windowDurationMins: 10_080, resetsAt: RESET + 3600 },
        credits: { hasCredits: true, unlimited: false, balance: "12.50" },
        rateLimitReachedType: null,
      });
      expect(fx.codex.lastRateLimits).toBe(rateLimits);
      expect(fx.codex.lastRateLimitsByLimitId.get("codex")).toBe(rateLimits);

      // A response without rate-limit headers is still reported, with null windows.
      fx.env.mock.enqueue(reply.message("plain"));
      const [bare] = await Promise.all([nextUpdate(updates), thread.run("again")]);
      expect(bare.value?.rateLimits).toMatchObject({ limitId: "codex", primary: null, secondary: null });
      await updates.return?.();
    },
    T,
  );

  it(
    "keeps only the newest pending update of each limit for a reader that falls behind",
    async () => {
      const updates = fx.codex.rateLimitUpdates();
      fx.env.mock.enqueue(
        reply.withRateLimits(reply.message("one"), { primary: { usedPercent: 10, windowMinutes: 300 } }),
        reply.withRateLimits(reply.message("two"), {
          limitId: "codex_other",
          limitName: "Other model",
          primary: { usedPercent: 80, windowMinutes: 60 },
        }),
        reply.withRateLimits(reply.message("three"), { primary: { usedPercent: 30, windowMinutes: 300 } }),
      );
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      for (const prompt of ["one", "two", "three"]) await thread.run(prompt);
      // Three updates arrived unread: codex at 10 was replaced by codex at 30, which is now the newest.
      const first = await nextUpdate(updates);
      const second = await nextUpdate(updates);
      expect(first.value?.rateLimits).toMatchObject({
        limitId: "codex_other",
        limitName: "Other model",
        primary: { usedPercent: 80, windowDurationMins: 60 },
      });
      expect(second.value?.rateLimits).toMatchObject({ limitId: "codex", primary: { usedPercent: 30 } });
      expect(fx.codex.lastRateLimits?.primary?.usedPercent).toBe(30);
      expect(fx.codex.lastRateLimitsByLimitId.get("codex_other")?.primary?.usedPercent).toBe(80);
      // Nothing else is pending: the next update is the next turn's.
      fx.env.mock.enqueue(
        reply.withRateLimits(reply.message("four"), { primary: { usedPercent: 31, windowMinutes: 300 } }),
      );
      const [fourth] = await Promise.all([nextUpdate(updates), thread.run("four")]);
      expect(fourth.value?.rateLimits.primary?.usedPercent).toBe(31);
      await updates.return?.();
    },
    T,
  );

  it(
    "a reader that breaks out early stops listening: next() is done and later updates are not kept",
    async () => {
      const updates = fx.codex.rateLimitUpdates();
      fx.env.mock.enqueue(
        reply.withRateLimits(reply.message("a"), { primary: { usedPercent: 50, windowMinutes: 300 } }),
        reply.withRateLimits(reply.message("b"), { primary: { usedPercent: 51, windowMinutes: 300 } }),
      );
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const seen: number[] = [];
      await Promise.all([
        (async () => {
          for await (const update of updates) {
            seen.push(update.rateLimits.primary?.usedPercent ?? -1);
            break;
          }
        })(),
        thread.run("a"),
      ]);
      await thread.run("b");
      expect(seen).toEqual([50]);
      expect(await updates.next()).toEqual({ value: undefined, done: true });
      expect(fx.codex.lastRateLimits?.primary?.usedPercent).toBe(51);
    },
    T,
  );

  it(
    "reports the spent window and the refusal when the model call is refused with a usage limit",
    async () => {
      const updates = fx.codex.rateLimitUpdates();
      fx.env.mock.enqueue(
        reply.withRateLimits(
          reply.httpError(429, {
            error: { type: "usage_limit_reached", plan_type: "pro", resets_at: RESET },
          }),
          {
            primary: { usedPercent: 100, windowMinutes: 300, resetsAt: RESET },
            reachedType: "rate_limit_reached",
          },
        ),
      );
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace });
      const [update, failure] = await Promise.all([
        nextUpdate(updates),
        thread.run("over the limit").catch((error: unknown) => error),
      ]);
      expect(update.value?.rateLimits).toMatchObject({
        limitId: "codex",
        primary: { usedPercent: 100, windowDurationMins: 300, resetsAt: RESET },
        rateLimitReachedType: "rate_limit_reached",
      });
      expect(failure).toBeInstanceOf(TurnFailedError);
      expect((failure as TurnFailedError).codexErrorInfo).toBe("usageLimitExceeded");
      await updates.return?.();
    },
    T,
  );

  it(
    "ends every stream on close(), after what is pending; a stream made after close is done at once",
    async () => {
      const client = fx.newClient();
      const waiting = client.rateLimitUpdates();
      const unread = client.rateLimitUpdates();
      fx.env.mock.enqueue(
        reply.withRateLimits(reply.message("x"), { primary: { usedPercent: 64, windowMinutes: 300 } }),
      );
      const thread = await client.startThread({ cwd: fx.env.workspace });
      const [first] = await Promise.all([nextUpdate(waiting), thread.run("x")]);
      expect(first.value?.rateLimits.primary?.usedPercent).toBe(64);
      const pendingNext = waiting.next();
      await client.close();
      expect(await pendingNext).toEqual({ value: undefined, done: true });
      expect((await unread.next()).value?.rateLimits.primary?.usedPercent).toBe(64);
      expect(await unread.next()).toEqual({ value: undefined, done: true });
      expect(await client.rateLimitUpdates().next()).toEqual({ value: undefined, done: true });
    },
    T,
  );

  it(
    "rateLimits() throws NotLoggedInError without a login and with an API-key login",
    async () => {
      const client = fx.newClient();
      await expect(client.rateLimits()).rejects.toBeInstanceOf(NotLoggedInError);
      await client.loginWithApiKey("sk-test-not-a-real-key");
      const error = await client.rateLimits().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(NotLoggedInError);
      expect((error as Error).message).toContain(
        "(chatgpt authentication required to read rate limits; an API-key login has none, log in with codex.loginWithChatGpt())",
      );
      expect(((error as Error).cause as Error).message).toBe(
        "chatgpt authentication required to read rate limits",
      );
      await client.logout();
      await client.close();
    },
    T,
  );
});

describe("codex.rateLimits() under a ChatGPT login (real binary, the mock plays the ChatGPT backend)", () => {
  let env: CodexTestEnv;
  let codex: Codex;

  beforeAll(async () => {
    env = await startCodexTestEnv();
    await writeFile(join(env.home.path, "auth.json"), chatGptAuthJson({ planType: "pro" }));
    codex = new Codex({
      codexPath: env.codexPath,
      env: env.env,
      cwd: env.workspace,
      clientInfo: { name: "sdk_tests", version: "0.0.0" },
      // Every ChatGPT backend call (the usage read, plugins, analytics) goes to the mock, not chatgpt.com.
      config: { chatgpt_base_url: env.mock.chatGptBaseUrl },
    });
  }, T);

  afterAll(async () => {
    await codex?.close();
    await env?.close();
  }, T);

  it(
    "returns the backend's numbers, fetched on every read; header updates do not change it",
    async () => {
      // Until the backend knows the account (the mock answers 404), the read fails on codex's side.
      const unknown = await codex.rateLimits().catch((error: unknown) => error);
      expect(unknown).toBeInstanceOf(InternalServerError);
      expect((unknown as Error).message).toMatch(/^failed to fetch codex rate limits: /);
      env.mock.setAccountUsage({
        planType: "pro",
        primary: { usedPercent: 42, windowMinutes: 300, resetsAt: RESET },
        secondary: { usedPercent: 5, windowMinutes: 10_080, resetsAt: RESET + 86_400 },
        credits: { hasCredits: true, unlimited: false, balance: "9.99" },
      });
      const expected: Partial<RateLimitSnapshot> = {
        limitId: "codex",
        planType: "pro",
        primary: { usedPercent: 42, windowDurationMins: 300, resetsAt: RESET },
        secondary: { usedPercent: 5, windowDurationMins: 10_080, resetsAt: RESET + 86_400 },
        credits: { hasCredits: true, unlimited: false, balance: "9.99" },
      };
      const read = await codex.rateLimits();
      expect(read.rateLimits).toMatchObject(expected);
      expect(read.rateLimitsByLimitId?.codex).toMatchObject(expected);
      expect(codex.lastRateLimits).toBe(read.rateLimits);

      const updates = codex.rateLimitUpdates();
      env.mock.enqueue(
        reply.withRateLimits(reply.message("hi"), { primary: { usedPercent: 61, windowMinutes: 300 } }),
      );
      const thread = await codex.startThread({ cwd: env.workspace });
      const [update] = await Promise.all([nextUpdate(updates), thread.run("hi")]);
      expect(update.value?.rateLimits.primary?.usedPercent).toBe(61);
      expect(codex.lastRateLimits?.primary?.usedPercent).toBe(61);
      await updates.return?.();

      // The read asks the backend again: still its 42, whatever the model call's headers said.
      expect((await codex.rateLimits()).rateLimits.primary?.usedPercent).toBe(42);
      env.mock.setAccountUsage({
        planType: "pro",
        primary: { usedPercent: 43, windowMinutes: 300, resetsAt: RESET },
      });
      const again = await codex.rateLimits();
      expect(again.rateLimits).toMatchObject({ primary: { usedPercent: 43 }, secondary: null });
      expect(codex.lastRateLimits?.primary?.usedPercent).toBe(43);
      const paths = env.mock.allRequests.map((request) => request.path.split("?")[0]);
      expect(paths.filter((path) => path === "/api/codex/usage")).toHaveLength(4);
    },
    T,
  );
});

describe("RateLimitTracker (the streams' buffer and endings, no server)", () => {
  const update = (limitId: string, usedPercent: number): AccountRateLimitsUpdatedNotification => ({
    rateLimits: { limitId, primary: { usedPercent, windowDurationMins: 300, resetsAt: null } },
  });

  it("holds at most one pending update per limit, and at most 16 limits, however many arrive", async () => {
    const tracker = new RateLimitTracker();
    const stream = tracker.stream();
    for (let i = 0; i < 10_000; i++) tracker.update(update(`limit_${i % 20}`, i % 101));
    const pending: string[] = [];
    tracker.close();
    for await (const item of stream)
      pending.push(`${item.rateLimits.limitId}=${item.rateLimits.primary?.usedPercent}`);
    // The 4 limits least recently updated (limit_0..limit_3) were dropped; each other one kept its newest.
    expect(pending).toEqual(
      Array.from({ length: 16 }, (_, k) => {
        const i = 10_000 - 16 + k;
        return `limit_${i % 20}=${i % 101}`;
      }),
    );
    expect(tracker.latest?.limitId).toBe("limit_19");
    expect(tracker.byLimitId.size).toBe(20);
  });

  it("forgets a stream once it ended: break, return(), close() or abort", async () => {
    const tracker = new RateLimitTracker();
    const broken = tracker.stream();
    const returned = tracker.stream();
    const controller = new AbortController();
    const aborted = tracker.stream({ signal: controller.signal });
    expect(tracker.openStreams).toBe(3);
    tracker.update(update("codex", 1));
    for await (const _ of broken) break;
    await returned.return?.();
    expect(tracker.openStreams).toBe(1);
    const waiting = aborted.next().then(() => aborted.next());
    controller.abort(new Error("unmounted"));
    await expect(waiting).rejects.toBeInstanceOf(CodexAbortError);
    expect(tracker.openStreams).toBe(0);
    expect(await aborted.next()).toEqual({ value: undefined, done: true });
    const preAborted = tracker.stream({ signal: AbortSignal.abort() });
    await expect(preAborted.next()).rejects.toBeInstanceOf(CodexAbortError);
    expect(tracker.openStreams).toBe(0);
  });

  it("fails the streams with the close error when the connection dies, ends them when the client closed it", async () => {
    const died = new RateLimitTracker();
    const stream = died.stream();
    const pending = stream.next();
    const crash = new Error("codex exited with code 1");
    died.watch({ closed: Promise.resolve(crash) }, () => false);
    await expect(pending).rejects.toBe(crash);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    expect(died.openStreams).toBe(0);

    const closed = new RateLimitTracker();
    const ending = closed.stream();
    closed.update(update("codex", 9));
    closed.watch({ closed: Promise.resolve(new Error("closed by close()")) }, () => true);
    await new Promise((resolve) => setImmediate(resolve));
    expect((await ending.next()).value?.rateLimits.primary?.usedPercent).toBe(9);
    expect(await ending.next()).toEqual({ value: undefined, done: true });
  });
});
