import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountKeyOf,
  FleetLimiter,
  FleetLimiterOptionsError,
  hasHashTag,
  type LimiterScope,
  rateLimitSignal,
  retryAfterFromText,
} from "../src/fleet-limiter.js";
import { type RedisServer, startRedisServer } from "./support/redis-server.js";

const CHILD = join(dirname(fileURLToPath(import.meta.url)), "support", "fleet-limiter-child.ts");
const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const SECRET_KEY = "sk-proj-TESTSECRET0123456789abcdefABCDEF";

let server: RedisServer;
let redis: Redis;
let counter = 0;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis({ ...server.connection, maxRetriesPerRequest: null });
});

afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

/** A fresh prefix (and so fresh keys) per test. */
function prefix(): string {
  counter++;
  return `codexq:{fleet-test-${counter}}:limit`;
}

interface Child {
  readonly process: ChildProcess;
  readonly lines: Record<string, unknown>[];
  /** Resolves with the first line matching, rejects when the child exits first. */
  waitFor(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  readonly exited: Promise<number | null>;
  stderr(): string;
}

function spawnChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", CHILD], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, FLEET_REDIS_PORT: String(server.port), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: {
    match: (line: Record<string, unknown>) => boolean;
    resolve: (line: Record<string, unknown>) => void;
  }[] = [];
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (text) => {
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return;
    }
    lines.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.match(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    process: child,
    lines,
    exited,
    stderr: () => stderr,
    waitFor: (match, timeoutMs = 30_000) => {
      const seen = lines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child timed out:\n${stderr}`)), timeoutMs);
        waiters.push({
          match,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`child exited (${code}) before the line came:\n${stderr}`));
        });
      });
    },
  };
}

async function expectCleanExit(child: Child): Promise<void> {
  const code = await child.exited;
  expect(code, child.stderr()).toBe(0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("fleet limiter across processes", () => {
  it("holds the concurrency cap across 3 processes, and reaches it", async () => {
    const keyPrefix = prefix();
    const measureKey = `measure:${counter}`;
    const cap = 3;
    const children = [1, 2, 3].map((n) =>
      spawnChild({
        FLEET_MODE: "hammer",
        FLEET_ID: `w${n}`,
        FLEET_PREFIX: keyPrefix,
        FLEET_CAP: String(cap),
        FLEET_LOOPS: "4",
        FLEET_ROUNDS: "15",
        FLEET_MEASURE_KEY: measureKey,
      }),
    );
    await Promise.all(children.map(expectCleanExit));
    const reports = children.map((child) => child.lines.find((line) => line.mode === "hammer"));
    const admissions = reports.reduce((sum, report) => sum + Number(report?.admissions), 0);
    const refusals = reports.reduce((sum, report) => sum + Number(report?.refusals), 0);
    expect(admissions).toBe(3 * 4 * 15);
    // 12 contenders for 3 slots: some must have been turned away.
    expect(refusals).toBeGreaterThan(0);

    // Measured by a counter in Redis, entered after admission and left before release.
    const measuredMax = Number(await redis.get(`${measureKey}:max`));
    expect(measuredMax).toBeLessThanOrEqual(cap);
    expect(measuredMax).toBe(cap);
    expect(Number(await redis.get(`${measureKey}:running`))).toBe(0);

    // The same from the logged intervals (Redis' clock, µs): a sweep, ends before starts on ties.
    const intervals = (await redis.lrange(`${measureKey}:intervals`, 0, -1)).map((line) =>
      line.split(" ").map(BigInt),
    );
    expect(intervals).toHaveLength(admissions);
    const points = intervals.flatMap(([start, end]) => [
      { at: start ?? 0n, delta: 1 },
      { at: end ?? 0n, delta: -1 },
    ]);
    points.sort((a, b) => (a.at === b.at ? a.delta - b.delta : a.at < b.at ? -1 : 1));
    let running = 0;
    let sweptMax = 0;
    for (const point of points) {
      running += point.delta;
      sweptMax = Math.max(sweptMax, running);
    }
    expect(sweptMax).toBeLessThanOrEqual(cap);
    expect(sweptMax).toBe(cap);
    console.info(
      `fleet limiter: cap ${cap}, 3 processes x 4 loops, ${admissions} admissions, ${refusals} refusals, ` +
        `max measured concurrency ${measuredMax} (counter) / ${sweptMax} (interval sweep)`,
    );
    const limiter = new FleetLimiter({ redis, keyPrefix, maxConcurrency: cap });
    expect((await limiter.inspect({ account: "default", model: "gpt-test" })).active).toBe(0);
  }, 120_000);

  it("a scripted rate-limit error in one process backs off every other process, honouring retry-after", async () => {
    const keyPrefix = prefix();
    const common = { FLEET_PREFIX: keyPrefix, FLEET_CAP: "100" };
    const watchers = [1, 2, 3].map((n) => spawnChild({ ...common, FLEET_MODE: "watch", FLEET_ID: `w${n}` }));
    // Every watcher is being admitted before the limit hits.
    await Promise.all(watchers.map((watcher) => watcher.waitFor((line) => line.event === "admitted")));
    const reporter = spawnChild({
      ...common,
      FLEET_MODE: "report",
      FLEET_ID: "reporter",
      FLEET_RETRY_TEXT: "1.5s",
    });
    const reported = await reporter.waitFor((line) => line.event === "backoff");
    await expectCleanExit(reporter);
    await Promise.all(watchers.map(expectCleanExit));

    const signal = reported.signal as Record<string, unknown>;
    expect(signal).toMatchObject({ kind: "rateLimit", shared: true, retryAfterMs: 1500 });
    const setAt = Number(reported.nowMs);
    const until = Number(reported.untilMs);
    expect(until - setAt).toBe(1500);
    expect(reported.reason).toBe("rateLimit: codexErrorInfo:rateLimitExceeded");

    const timings: string[] = [];
    for (const watcher of watchers) {
      const refused = watcher.lines.find((line) => line.event === "refused");
      expect(refused, watcher.stderr()).toMatchObject({
        admitted: false,
        reason: "backoff",
        retryAtMs: until,
        backoffReason: "rateLimit: codexErrorInfo:rateLimitExceeded",
      });
      // Nobody was admitted while the backoff was in force (Redis' clock throughout).
      const admittedAt = watcher.lines
        .filter((line) => line.event === "admitted")
        .map((line) => Number(line.atMs));
      expect(admittedAt.filter((at) => at >= setAt && at < until)).toEqual([]);
      const after = watcher.lines.find((line) => line.event === "admitted" && line.afterBackoff === true);
      expect(Number(after?.atMs)).toBeGreaterThanOrEqual(until);
      timings.push(
        `${watcher.lines[0]?.id}: refused at +${Number(refused?.nowMs) - setAt} ms, ` +
          `readmitted at +${Number(after?.atMs) - setAt} ms`,
      );
    }
    console.info(`fleet backoff: set for 1500 ms by "reporter"; ${timings.join("; ")}`);
  }, 120_000);

  it("reclaims the lease of a process killed with SIGKILL after the lease TTL", async () => {
    const keyPrefix = prefix();
    const leaseTtlMs = 3_000;
    const scope: LimiterScope = { account: "default", model: "gpt-test" };
    // retryPollMs longer than the TTL: a concurrency refusal then reports the held lease's expiry.
    const limiter = new FleetLimiter({
      redis,
      keyPrefix,
      maxConcurrency: 1,
      leaseTtlMs,
      retryPollMs: 600_000,
    });
    const holder = spawnChild({
      FLEET_MODE: "hold",
      FLEET_PREFIX: keyPrefix,
      FLEET_CAP: "1",
      FLEET_LEASE_MS: String(leaseTtlMs),
      FLEET_RENEW_MS: "500",
    });
    const holding = await holder.waitFor((line) => line.event === "holding");
    const lease = holding.lease as { expiresAtMs: number; acquiredAtMs: number };
    // Renewed: still held well past its first expiry.
    await sleep(2 * leaseTtlMs);
    const whileAlive = await limiter.acquire(scope);
    expect(whileAlive).toMatchObject({ admitted: false, reason: "concurrency", used: 1, cap: 1 });
    expect(whileAlive.admitted === false && whileAlive.retryAtMs).toBeGreaterThan(lease.expiresAtMs);

    holder.process.kill("SIGKILL");
    await holder.exited;
    await sleep(100);
    const afterKill = await limiter.acquire(scope);
    if (afterKill.admitted) throw new Error("admitted before the dead holder's lease expired");
    const lastExpiry = afterKill.retryAtMs;
    let admission = await limiter.acquire(scope);
    const deadline = Date.now() + 30_000;
    while (!admission.admitted && Date.now() < deadline) {
      await sleep(Math.min(admission.retryAfterMs, 200));
      admission = await limiter.acquire(scope);
    }
    if (!admission.admitted) throw new Error("the dead holder's lease was never reclaimed");
    expect(admission.reclaimed).toBe(1);
    expect(admission.lease.acquiredAtMs).toBeGreaterThanOrEqual(lastExpiry);
    console.info(
      `fleet reclaim: lease TTL ${leaseTtlMs} ms; killed holder's lease expired at +${lastExpiry - lease.acquiredAtMs} ms ` +
        `after it was taken, new lease admitted at +${admission.lease.acquiredAtMs - lastExpiry} ms after that expiry`,
    );
    await limiter.release(admission.lease);
  }, 60_000);
});

describe("fleet limiter in one process", () => {
  it("admits until the token window is full, then refuses with a retry time inside the window", async () => {
    const scope: LimiterScope = { account: accountKeyOf({ apiKey: SECRET_KEY }), model: "gpt-5" };
    const limiter = new FleetLimiter({ redis, keyPrefix: prefix(), tokensPerMinute: 1000, retryPollMs: 250 });
    const leases = [];
    for (let i = 0; i < 3; i++) {
      const admission = await limiter.acquire(scope, { estimatedTokens: 300 });
      if (!admission.admitted) throw new Error(`refused ${admission.reason}`);
      leases.push(admission.lease);
    }
    // 900 reserved by running turns: 300 more does not fit; the running turns hold it, so poll.
    const whileRunning = await limiter.acquire(scope, { estimatedTokens: 300 });
    expect(whileRunning).toMatchObject({ admitted: false, reason: "tokens", used: 900, cap: 1000 });
    if (whileRunning.admitted) return;
    expect(whileRunning.retryAtMs - whileRunning.nowMs).toBe(250);

    const releases = [];
    for (const lease of leases) releases.push(await limiter.release(lease, { tokensUsed: 300 }));
    expect(releases.map((r) => [r.held, r.tokensCharged])).toEqual([
      [true, 300],
      [true, 300],
      [true, 300],
    ]);
    expect(await limiter.inspect(scope)).toMatchObject({ active: 0, reservedTokens: 0, chargedTokens: 900 });
    // Charged now: the first charge leaving the window frees enough.
    const full = await limiter.acquire(scope, { estimatedTokens: 300 });
    expect(full).toMatchObject({ admitted: false, reason: "tokens", used: 900 });
    if (full.admitted) return;
    expect(full.retryAtMs).toBe((releases[0]?.chargedAtMs ?? 0) + 60_000);
    expect(full.retryAtMs).toBeGreaterThan(full.nowMs);
    expect(full.retryAtMs).toBeLessThanOrEqual(full.nowMs + 60_000);
    // What still fits is admitted.
    const small = await limiter.acquire(scope, { estimatedTokens: 100 });
    expect(small.admitted).toBe(true);
    if (small.admitted) await limiter.release(small.lease, { tokensUsed: 100 });
    // 1000 used: nothing fits now, not even 1 token.
    expect(await limiter.acquire(scope, { estimatedTokens: 1 })).toMatchObject({
      admitted: false,
      reason: "tokens",
    });
  });

  it("renews a held lease; release is idempotent; renewing a released lease says it is gone", async () => {
    const scope: LimiterScope = { account: "default", model: "gpt-5" };
    const limiter = new FleetLimiter({
      redis,
      keyPrefix: prefix(),
      maxConcurrency: 1,
      tokensPerMinute: 1000,
    });
    const admission = await limiter.acquire(scope, { estimatedTokens: 50 });
    if (!admission.admitted) throw new Error("refused");
    const renewed = await limiter.renew(admission.lease);
    expect(renewed.held).toBe(true);
    expect(renewed.expiresAtMs).toBeGreaterThanOrEqual(admission.lease.expiresAtMs);
    expect(await limiter.inspect(scope)).toMatchObject({ active: 1, reservedTokens: 50 });
    expect(await limiter.release(admission.lease, { tokensUsed: 70 })).toMatchObject({
      held: true,
      tokensCharged: 70,
    });
    expect(await limiter.release(admission.lease)).toMatchObject({ held: false, tokensCharged: 70 });
    expect(await limiter.inspect(scope)).toMatchObject({ active: 0, reservedTokens: 0, chargedTokens: 70 });
    expect(await limiter.renew(admission.lease)).toEqual({ held: false, expiresAtMs: undefined });
  });

  it("slides the token window: admitted again once the charges left it", async () => {
    const scope: LimiterScope = { account: "default", model: "gpt-5" };
    const limiter = new FleetLimiter({
      redis,
      keyPrefix: prefix(),
      tokensPerMinute: 100,
      tokenWindowMs: 1_000,
    });
    const first = await limiter.acquire(scope, { estimatedTokens: 80 });
    if (!first.admitted) throw new Error("refused");
    await limiter.release(first.lease, { tokensUsed: 90 });
    const refused = await limiter.acquire(scope, { estimatedTokens: 20 });
    if (refused.admitted) throw new Error("admitted over the cap");
    expect(refused.reason).toBe("tokens");
    await sleep(refused.retryAfterMs + 50);
    const again = await limiter.acquire(scope, { estimatedTokens: 20 });
    expect(again.admitted).toBe(true);
    // A turn larger than the whole cap runs alone in an empty window, rather than never.
    const bigScope = { ...scope, model: "gpt-big" };
    const big = await limiter.acquire(bigScope, { estimatedTokens: 5_000 });
    expect(big.admitted).toBe(true);
    expect(await limiter.acquire(bigScope, { estimatedTokens: 1 })).toMatchObject({ admitted: false });
  });

  it("backoff: never shortened, exponential without retry-after, one strike per episode", async () => {
    const scope: LimiterScope = { account: "default", model: "gpt-5" };
    const limiter = new FleetLimiter({
      redis,
      keyPrefix: prefix(),
      backoff: { initialMs: 1_000, maxMs: 4_000, resetAfterMs: 60_000 },
    });
    const long = await limiter.backoff(scope, { retryAfterMs: 30_000, reason: "usageLimit" });
    expect(long.untilMs - long.nowMs).toBe(30_000);
    const shorter = await limiter.backoff(scope, { retryAfterMs: 1_000, reason: "rateLimit" });
    expect(shorter).toMatchObject({
      extended: false,
      untilMs: long.untilMs,
      reason: "usageLimit",
      strikes: 1,
    });
    const refused = await limiter.acquire(scope);
    expect(refused).toMatchObject({ admitted: false, reason: "backoff", retryAtMs: long.untilMs });
    expect(await limiter.clearBackoff(scope)).toBe(true);
    expect((await limiter.acquire(scope)).admitted).toBe(true);

    // Without retry-after: 1 s, then 2 s, 4 s, 4 s (capped) for the episodes that follow each other.
    const steps: number[] = [];
    for (let i = 0; i < 4; i++) {
      const result = await limiter.backoff(scope, { reason: "overload" });
      steps.push(result.untilMs - result.nowMs);
      // A second report during the same episode adds no strike.
      const again = await limiter.backoff(scope, { reason: "overload" });
      expect(again.strikes).toBe(result.strikes);
      await sleep(result.untilMs - result.nowMs + 30);
    }
    expect(steps).toEqual([1_000, 2_000, 4_000, 4_000]);
  }, 30_000);

  it("keys: one hash tag per scope, and the API key never leaves accountKeyOf", async () => {
    const account = accountKeyOf({ apiKey: SECRET_KEY });
    expect(account).toMatch(/^key-[0-9a-f]{16}$/);
    expect(account).toBe(accountKeyOf({ apiKey: SECRET_KEY }));
    expect(accountKeyOf({ apiKey: `${SECRET_KEY}x` })).not.toBe(account);
    for (let i = 0; i + 6 <= SECRET_KEY.length; i++)
      expect(account).not.toContain(SECRET_KEY.slice(i, i + 6));
    expect(accountKeyOf({ accountId: "user-123" })).toMatch(/^acct-[0-9a-f]{16}$/);
    expect(accountKeyOf({ group: "acme org", apiKey: SECRET_KEY })).toBe("group-acme_20org");
    expect(accountKeyOf({ group: "g".repeat(100) })).toMatch(/^group-[0-9a-f]{16}$/);
    expect(accountKeyOf({})).toBe("default");

    const keyPrefix = prefix();
    const limiter = new FleetLimiter({ redis, keyPrefix, maxConcurrency: 2, tokensPerMinute: 10_000 });
    const scope = { account, model: "gpt-5{x}:y" };
    const admission = await limiter.acquire(scope, { estimatedTokens: 10 });
    if (!admission.admitted) throw new Error("refused");
    await limiter.backoff(scope, { retryAfterMs: 10, reason: "test" });
    const stored = await redis.keys(`${keyPrefix}*`);
    expect(stored.length).toBeGreaterThanOrEqual(3);
    for (const key of stored) {
      expect(key).not.toContain("sk-");
      expect(key).not.toContain(SECRET_KEY.slice(8, 20));
      // The prefix's tag is the only one: the model's braces are encoded.
      expect(key.startsWith(`${keyPrefix}:${account}:gpt-5%7Bx%7D%3Ay:`)).toBe(true);
    }
    const values = await Promise.all(
      stored.map(async (key) => JSON.stringify(await redis.call("DUMP", key).catch(() => ""))),
    );
    for (const value of values) expect(value).not.toContain(SECRET_KEY);
    await limiter.release(admission.lease);

    // Without a tag in the prefix, the scope becomes the tag.
    const untagged = new FleetLimiter({ redis, keyPrefix: "codexq:limit" });
    const keys = Object.values(untagged.keysOf(scope));
    expect(keys.every((key) => key.startsWith(`codexq:limit:{${account}:gpt-5%7Bx%7D%3Ay}:`))).toBe(true);
    expect(keys.every(hasHashTag)).toBe(true);

    // A raw key passed as the account is refused.
    await expect(limiter.acquire({ account: SECRET_KEY, model: "gpt-5" })).rejects.toThrow(
      FleetLimiterOptionsError,
    );
    await expect(limiter.acquire({ account: SECRET_KEY, model: "gpt-5" })).rejects.not.toThrow(SECRET_KEY);
  });

  it("validates options with typed errors", async () => {
    const base = { redis, keyPrefix: "codexq:{t}:limit" };
    const bad: [Record<string, unknown>, string][] = [
      [{ maxConcurrency: 0 }, "maxConcurrency"],
      [{ maxConcurrency: 1.5 }, "maxConcurrency"],
      [{ tokensPerMinute: -1 }, "tokensPerMinute"],
      [{ leaseTtlMs: 10 }, "leaseTtlMs"],
      [{ keyPrefix: "" }, "keyPrefix"],
      [{ backoff: { initialMs: 10, maxMs: 5 } }, "backoff.maxMs"],
    ];
    for (const [override, path] of bad) {
      const make = () =>
        new FleetLimiter({ ...base, ...override } as ConstructorParameters<typeof FleetLimiter>[0]);
      expect(make).toThrow(FleetLimiterOptionsError);
      try {
        make();
      } catch (error) {
        expect((error as FleetLimiterOptionsError).path).toBe(path);
      }
    }
    const limiter = new FleetLimiter({ ...base, limitsFor: () => ({ maxConcurrency: -2 }) });
    await expect(limiter.acquire({ account: "default", model: "m" })).rejects.toThrow(
      /limitsFor\(\)\.maxConcurrency/,
    );
    const ok = new FleetLimiter(base);
    await expect(ok.acquire({ account: "default", model: "m" }, { estimatedTokens: -1 })).rejects.toThrow(
      FleetLimiterOptionsError,
    );
    await expect(ok.backoff({ account: "default", model: "m" }, { reason: "" })).rejects.toThrow(
      FleetLimiterOptionsError,
    );
    await expect(ok.acquire({ account: "a b", model: "m" })).rejects.toThrow(FleetLimiterOptionsError);
  });
});

describe("rateLimitSignal", () => {
  it("recognises codexErrorInfo values of a failed turn", () => {
    expect(
      rateLimitSignal({ message: "You've hit your usage limit.", codexErrorInfo: "usageLimitExceeded" }),
    ).toMatchObject({
      kind: "usageLimit",
      shared: true,
      reason: "codexErrorInfo:usageLimitExceeded",
      retryAfterMs: undefined,
    });
    expect(rateLimitSignal({ message: "x", codexErrorInfo: "serverOverloaded" })).toMatchObject({
      kind: "overload",
      shared: true,
    });
    expect(
      rateLimitSignal({
        status: "failed",
        error: {
          message: "exceeded retry limit, last status: 429 Too Many Requests",
          codexErrorInfo: { responseTooManyFailedAttempts: { httpStatusCode: 429 } },
        },
      }),
    ).toMatchObject({ kind: "rateLimit", reason: "codexErrorInfo:responseTooManyFailedAttempts:429" });
    expect(
      rateLimitSignal({
        error: { message: "m", codexErrorInfo: { httpConnectionFailed: { httpStatusCode: 503 } } },
      }),
    ).toMatchObject({ kind: "overload" });
    // A code that is not a rate limit wins over the text.
    expect(rateLimitSignal({ message: "rate limit", codexErrorInfo: "contextWindowExceeded" })).toBeNull();
    expect(rateLimitSignal({ message: "boom", codexErrorInfo: "internalServerError" })).toBeNull();
    // `other` falls back to the text.
    expect(
      rateLimitSignal({ message: "stream error: Too Many Requests", codexErrorInfo: "other" }),
    ).toMatchObject({
      kind: "rateLimit",
      reason: "message:rate-limit",
    });
    expect(rateLimitSignal(new Error("plain failure"))).toBeNull();
    expect(rateLimitSignal(undefined)).toBeNull();
  });

  it("recognises a JSON-RPC -32001 as a local overload, and looks into causes and job failures", () => {
    const overloaded = Object.assign(new Error("Server overloaded; retry later."), {
      code: -32001,
      method: "turn/start",
    });
    expect(rateLimitSignal(overloaded)).toMatchObject({
      kind: "overload",
      shared: false,
      reason: "jsonrpc:-32001",
    });
    const wrapped = new Error("turn failed", {
      cause: Object.assign(new Error("Turn t failed"), { codexErrorInfo: "rateLimitExceeded" }),
    });
    expect(rateLimitSignal(wrapped)).toMatchObject({ kind: "rateLimit" });
    expect(
      rateLimitSignal({ failedReason: "You've hit your usage limit. Try again in 5 minutes.", jobId: "1" }),
    ).toMatchObject({ kind: "usageLimit", retryAfterMs: 300_000 });
  });

  it("extracts retry-after", () => {
    expect(retryAfterFromText("Please try again in 6ms.")).toBe(6);
    expect(retryAfterFromText("Please try again in 1.5s.")).toBe(1500);
    expect(retryAfterFromText("Please try again in 1m30.5s.")).toBe(90_500);
    expect(retryAfterFromText("try again in 2 days 3 hours, and 5 minutes")).toBe(
      2 * 86_400_000 + 3 * 3_600_000 + 5 * 60_000,
    );
    expect(retryAfterFromText("Retry-After: 30")).toBe(30_000);
    expect(retryAfterFromText("retry after 20 seconds")).toBe(20_000);
    const now = new Date(2026, 11, 7, 14, 10, 30).getTime();
    // codex's wording, in local time: the end of the printed minute.
    expect(retryAfterFromText("You've hit your usage limit. Try again at 3:45 PM.", now)).toBe(
      new Date(2026, 11, 7, 15, 46).getTime() - now,
    );
    expect(retryAfterFromText("or try again at Dec 9th, 2026 9:05 AM.", now)).toBe(
      new Date(2026, 11, 9, 9, 6).getTime() - now,
    );
    expect(retryAfterFromText("no hint here")).toBeUndefined();
    // An exhausted window of the account's rate-limit snapshot wins.
    const nowMs = 1_800_000_000_000;
    expect(
      rateLimitSignal(
        {
          message: "You've hit your usage limit. Try again in 5 minutes.",
          codexErrorInfo: "usageLimitExceeded",
        },
        {
          nowMs,
          rateLimits: {
            primary: { usedPercent: 100, resetsAt: nowMs / 1000 + 3600 },
            secondary: { usedPercent: 40, resetsAt: nowMs / 1000 + 86_400 },
          },
        },
      )?.retryAfterMs,
    ).toBe(3_600_000);
  });
});
