#!/usr/bin/env node
import { once } from "node:events";
// A scripted stand-in for `codex app-server` (JSONL over stdio) for faults the real binary cannot produce.
// The script is JSON in FAKE_APP_SERVER_SCRIPT (shape: FakeAppServerScript in src/fake-app-server/fake-script.ts).
// With FAKE_APP_SERVER_RECORD set, every line read from stdin is appended to that file.
// FAKE_APP_SERVER_CODEX_VERSION is the version the default initialize answer reports when the script sets
// none; fakeAppServerCommand passes the pinned CODEX_VERSION (this file cannot read the pin itself).
import { appendFileSync } from "node:fs";
import { createInterface } from "node:readline";

const script = JSON.parse(process.env.FAKE_APP_SERVER_SCRIPT ?? "{}");
const recordPath = process.env.FAKE_APP_SERVER_RECORD;
const handlers = script.handlers ?? {};
const requireInitialize = script.requireInitialize !== false;

let initialized = false;
let nextServerRequestId = 0;
const callCounts = new Map();
const arrivals = new Map(); // method -> messages received
const consumed = new Map(); // method -> arrivals already taken by waitFor
const arrivalWaiters = new Set();
const pendingAnswers = new Map(); // server request id (as JSON) -> { method, resolve }
let keepAlive;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function write(text) {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

const send = (message) => write(`${JSON.stringify(message)}\n`);

function notification(method, params, stamp = true) {
  const message = { method };
  if (params !== undefined) message.params = params;
  if (stamp) message.emittedAtMs = Date.now();
  return message;
}

async function flush() {
  await new Promise((resolve) => process.stdout.write("", resolve));
}

async function crash({ exitCode, signal, stderr } = {}) {
  if (stderr) process.stderr.write(stderr);
  await flush();
  if (signal) {
    process.kill(process.pid, signal);
    await sleep(10_000); // the signal ends us; never run on.
  }
  process.exit(exitCode ?? 1);
}

function pickHandler(method) {
  const entry = handlers[method];
  if (entry === undefined) return undefined;
  if (!Array.isArray(entry)) return entry;
  const calls = callCounts.get(method) ?? 0;
  callCounts.set(method, calls + 1);
  return entry[Math.min(calls, entry.length - 1)];
}

function defaultInitializeResult(params) {
  const options = script.initialize ?? {};
  const name = params?.clientInfo?.name ?? "unknown";
  const clientVersion = params?.clientInfo?.version ?? "0.0.0";
  const version = options.version ?? process.env.FAKE_APP_SERVER_CODEX_VERSION ?? "0.0.0";
  return {
    userAgent: `${name}/${version} (Fake OS 1.0; x86_64) fake (${name}; ${clientVersion})`,
    codexHome: options.codexHome ?? "/tmp/fake-codex-home",
    platformFamily: options.platformFamily ?? "unix",
    platformOs: options.platformOs ?? "linux",
  };
}

async function reply(id, handler, message) {
  if (handler.delayMs) await sleep(handler.delayMs);
  if (handler.crash) return crash(handler.crash);
  if (handler.noReply) return;
  if (handler.error) await send({ id, error: handler.error });
  else if (handler.echo)
    await send({ id, result: { method: message.method, params: message.params ?? null } });
  else await send({ id, result: handler.result ?? {} });
  if (handler.after) await runSteps(handler.after);
}

async function onRequest(message) {
  const { id, method } = message;
  if (method === "initialize" && initialized) {
    return send({ id, error: { code: -32600, message: "Already initialized" } });
  }
  if (method !== "initialize" && requireInitialize && !initialized) {
    return send({ id, error: { code: -32600, message: "Not initialized" } });
  }
  const handler = pickHandler(method);
  if (method === "initialize") {
    initialized = true;
    return reply(id, handler ?? { result: defaultInitializeResult(message.params) }, message);
  }
  if (handler === undefined) {
    return send({
      id,
      error: {
        code: -32600,
        message: `Invalid request: unknown variant \`${method}\`, expected one of \`initialize\``,
      },
    });
  }
  return reply(id, handler, message);
}

function onAnswer(message) {
  const key = JSON.stringify(message.id);
  const pending = pendingAnswers.get(key);
  if (pending === undefined) return; // codex ignores answers to unknown ids too
  pendingAnswers.delete(key);
  pending.resolve(message);
}

function noteArrival(method) {
  arrivals.set(method, (arrivals.get(method) ?? 0) + 1);
  for (const waiter of arrivalWaiters) waiter();
}

function waitForArrival(method) {
  return new Promise((resolve) => {
    const check = () => {
      const taken = consumed.get(method) ?? 0;
      if ((arrivals.get(method) ?? 0) <= taken) return;
      consumed.set(method, taken + 1);
      arrivalWaiters.delete(check);
      resolve();
    };
    arrivalWaiters.add(check);
    check();
  });
}

async function notifyMany({ notify, params, count, emittedAtMs }) {
  const stamp = emittedAtMs !== false;
  if (count === undefined) return send(notification(notify, params, stamp));
  const base = params !== null && typeof params === "object" && !Array.isArray(params) ? params : {};
  // Batch lines so a flood of 100k goes out in a few hundred writes.
  let batch = "";
  for (let seq = 0; seq < count; seq++) {
    batch += `${JSON.stringify(notification(notify, { ...base, seq }, stamp))}\n`;
    if (batch.length > 64 * 1024) {
      await write(batch);
      batch = "";
    }
  }
  if (batch !== "") await write(batch);
}

async function serverRequest(step) {
  const id = step.id ?? nextServerRequestId++;
  const answered = new Promise((resolve) => pendingAnswers.set(JSON.stringify(id), { resolve }));
  const echo = answered.then((answer) => {
    if (!step.echoAnswer) return;
    const params = { requestId: id, method: step.request };
    if ("result" in answer) params.result = answer.result;
    if ("error" in answer) params.error = answer.error;
    return send(notification("fake/serverRequestAnswered", params));
  });
  const message = { id, method: step.request };
  if (step.params !== undefined) message.params = step.params;
  await send(message);
  if (step.awaitAnswer) await echo;
}

async function runStep(step) {
  if ("waitFor" in step) return waitForArrival(step.waitFor);
  if ("sleep" in step) return sleep(step.sleep);
  if ("notify" in step) return notifyMany(step);
  if ("request" in step) return serverRequest(step);
  if ("write" in step) return write(step.write);
  if ("oversizedLine" in step) {
    return send(notification("fake/oversized", { padding: "x".repeat(step.oversizedLine) }));
  }
  if ("stderr" in step) {
    process.stderr.write(step.stderr);
    return;
  }
  if ("crash" in step) return crash(step.crash);
  if ("closeStdout" in step) {
    await flush();
    process.stdout.end();
    return;
  }
  process.stderr.write(`fake-app-server: unknown step ${JSON.stringify(step)}\n`);
}

async function runSteps(steps) {
  for (const step of steps) await runStep(step);
}

async function onStdinEnd() {
  const policy = script.onStdinEnd ?? {};
  if (policy === "ignore") {
    keepAlive = setInterval(() => {}, 60_000);
    return;
  }
  if (policy.delayMs) await sleep(policy.delayMs);
  await flush();
  process.exit(policy.exitCode ?? 0);
}

function onLine(line) {
  if (recordPath) appendFileSync(recordPath, `${line}\n`);
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    process.stderr.write(`fake-app-server: Failed to deserialize JSONRPCMessage: ${line.slice(0, 200)}\n`);
    return;
  }
  if (message === null || typeof message !== "object") return;
  if (typeof message.method === "string") {
    noteArrival(message.method);
    if ("id" in message) onRequest(message).catch(fail);
    return;
  }
  if ("id" in message) onAnswer(message);
}

function fail(error) {
  process.stderr.write(`fake-app-server: ${error?.stack ?? error}\n`);
  process.exit(70);
}

if (script.ignoreSigterm)
  process.on("SIGTERM", () => process.stderr.write("fake-app-server: ignoring SIGTERM\n"));
process.stdout.on("error", () => {}); // a client that closed our stdout must not crash us with EPIPE
const lines = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
lines.on("line", onLine);
lines.on("close", () => onStdinEnd().catch(fail));
runSteps(script.steps ?? []).catch(fail);
void keepAlive;
