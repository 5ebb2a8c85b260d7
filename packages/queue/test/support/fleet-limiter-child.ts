// A worker-like process for fleet-limiter.test.ts: one FleetLimiter on its own Redis connection.
// Modes (FLEET_MODE):
// - hammer:   FLEET_LOOPS async loops each take FLEET_ROUNDS admissions, hold each 5-40 ms, release. While
//             holding, a Lua counter in Redis measures how many holders run at once (and its maximum).
// - watch:    acquire/release every ~20 ms; prints each admission; on the first "backoff" refusal prints it,
//             sleeps until retryAfterMs, and exits after the next admission.
// - report:   scripts a codex rate-limit failure, turns it into a backoff with rateLimitSignal, prints it.
// - hold:     takes one lease, keeps it alive every FLEET_RENEW_MS, prints it and waits to be killed.
// Output: one JSON object per line on stdout.
import { Redis } from "ioredis";
import { FleetLimiter, type LimiterScope, rateLimitSignal } from "../../src/fleet-limiter.js";

const env = process.env;
const id = env.FLEET_ID ?? `child-${process.pid}`;
const redis = new Redis({
  host: "127.0.0.1",
  port: Number(env.FLEET_REDIS_PORT),
  maxRetriesPerRequest: null,
});
const limiter = new FleetLimiter({
  redis,
  keyPrefix: env.FLEET_PREFIX ?? "codexq:{fleet-test}:limit",
  maxConcurrency: Number(env.FLEET_CAP ?? "3"),
  leaseTtlMs: Number(env.FLEET_LEASE_MS ?? "10000"),
  retryPollMs: 20,
});
const scope: LimiterScope = { account: env.FLEET_ACCOUNT ?? "default", model: env.FLEET_MODEL ?? "gpt-test" };
const measureKey = env.FLEET_MEASURE_KEY ?? "fleet-test:measure";

const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ id, ...line })}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Enter/leave the measured section atomically: running count, its maximum, and Redis' clock.
const ENTER = `
local n = redis.call('INCR', KEYS[1])
if n > tonumber(redis.call('GET', KEYS[2]) or '0') then redis.call('SET', KEYS[2], n) end
local t = redis.call('TIME')
return {n, tonumber(t[1]) * 1000000 + tonumber(t[2])}`;
// Leaves and logs the interval "<enter µs> <leave µs>" (Redis' clock) for the test's own sweep.
const LEAVE = `
redis.call('DECR', KEYS[1])
local t = redis.call('TIME')
redis.call('RPUSH', KEYS[2], ARGV[1] .. ' ' .. t[1] .. string.format('%06d', tonumber(t[2])))
return 1`;

async function hammer(): Promise<void> {
  const loops = Number(env.FLEET_LOOPS ?? "4");
  const rounds = Number(env.FLEET_ROUNDS ?? "15");
  let admissions = 0;
  let refusals = 0;
  let maxSeen = 0;
  const loop = async () => {
    for (let done = 0; done < rounds; ) {
      const admission = await limiter.acquire(scope);
      if (!admission.admitted) {
        refusals++;
        await sleep(Math.min(admission.retryAfterMs, 20) + Math.random() * 10);
        continue;
      }
      const [running, enteredUs] = (await redis.eval(
        ENTER,
        2,
        `${measureKey}:running`,
        `${measureKey}:max`,
      )) as [number, number];
      maxSeen = Math.max(maxSeen, running);
      await sleep(5 + Math.random() * 35);
      await redis.eval(LEAVE, 2, `${measureKey}:running`, `${measureKey}:intervals`, String(enteredUs));
      await limiter.release(admission.lease);
      admissions++;
      done++;
    }
  };
  await Promise.all(Array.from({ length: loops }, loop));
  print({ mode: "hammer", admissions, refusals, maxSeen });
}

async function watch(): Promise<void> {
  let sawBackoff = false;
  for (;;) {
    const admission = await limiter.acquire(scope);
    if (admission.admitted) {
      await limiter.release(admission.lease, { tokensUsed: 0 });
      print({ event: "admitted", atMs: admission.lease.acquiredAtMs, afterBackoff: sawBackoff });
      if (sawBackoff) return;
      await sleep(15 + Math.random() * 10);
      continue;
    }
    if (admission.reason !== "backoff") {
      await sleep(20);
      continue;
    }
    if (!sawBackoff) {
      sawBackoff = true;
      print({ event: "refused", ...admission });
    }
    await sleep(admission.retryAfterMs);
  }
}

async function report(): Promise<void> {
  // What a worker sees when codex reports an API rate limit: a failed turn with its TurnError.
  const failure = {
    message:
      "Rate limit reached for gpt-test in organization org-x on tokens per min (TPM): Limit 1000, Used 990, " +
      `Requested 50. Please try again in ${env.FLEET_RETRY_TEXT ?? "1.5s"}.`,
    codexErrorInfo: "rateLimitExceeded",
    additionalDetails: null,
  };
  const signal = rateLimitSignal({ id: "turn-1", status: "failed", error: failure, items: [] });
  if (!signal) throw new Error("the scripted failure was not recognised");
  const result = await limiter.backoff(scope, {
    ...(signal.retryAfterMs !== undefined && { retryAfterMs: signal.retryAfterMs }),
    reason: `${signal.kind}: ${signal.reason}`,
  });
  print({ event: "backoff", signal, ...result });
}

async function hold(): Promise<void> {
  const admission = await limiter.acquire(scope);
  if (!admission.admitted) throw new Error(`hold: refused (${admission.reason})`);
  limiter.keepAlive(admission.lease, { intervalMs: Number(env.FLEET_RENEW_MS ?? "500") });
  print({ event: "holding", lease: admission.lease });
  // Keep the process alive until it is killed.
  setInterval(() => {}, 1_000);
}

const mode = env.FLEET_MODE;
try {
  if (mode === "hammer") await hammer();
  else if (mode === "watch") await watch();
  else if (mode === "report") await report();
  else if (mode === "hold") await hold();
  else throw new Error(`unknown FLEET_MODE ${mode}`);
  if (mode !== "hold") {
    await redis.quit();
    process.exit(0);
  }
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
