import type { Input, ThreadOptions, TurnOptions } from "@codex/app-server-sdk";
import { InvalidTurnJobError } from "./errors.js";

/** A JSON Schema object (structured output crosses Redis as data; Standard Schema objects cannot). */
export type JsonSchemaObject = { readonly [key: string]: unknown };

/** Thread options that can travel through Redis: data only (handlers stay on the producer). */
export type QueueThreadOptions = Omit<
  ThreadOptions,
  "approvals" | "serverRequests" | "serverRequestTimeoutMs"
>;

/** Turn options that can travel through Redis: no AbortSignal (use `cancel()`), no handlers, JSON Schema output. */
export type QueueTurnOptions = Omit<
  TurnOptions,
  "signal" | "approvals" | "serverRequests" | "serverRequestTimeoutMs" | "outputSchema"
> & {
  readonly outputSchema?: JsonSchemaObject;
  /** An AbortSignal cannot cross Redis: call `cancel()` on the handle. */
  readonly signal?: never;
  /** Handlers cannot cross Redis: give them to `createProducer` or `enqueueTurn`. */
  readonly serverRequests?: never;
  readonly serverRequestTimeoutMs?: never;
};

/** The BullMQ job's data. Version-tagged so a worker can refuse payloads it does not understand. */
export interface TurnJobData {
  readonly v: 1;
  /** The queue's thread id (see `TurnJobHandle.threadId`). */
  readonly threadId: string;
  readonly input: Input;
  readonly turnOptions?: QueueTurnOptions;
}

/** Payloads larger than this are refused (BullMQ keeps job data in Redis hashes). */
export const MAX_JOB_BYTES = 4 * 1024 * 1024;

const INPUT_TYPES = new Set(["text", "image", "localImage", "skill", "mention"]);

/** Throws InvalidTurnJobError unless `data` is a job payload a worker can run. */
export function validateTurnJobData(data: unknown): TurnJobData {
  if (!isPlainObject(data)) throw new InvalidTurnJobError("data", "expected an object");
  if (data.v !== 1) throw new InvalidTurnJobError("data.v", `unsupported payload version ${String(data.v)}`);
  assertThreadId(data.threadId, "threadId");
  validateInput(data.input);
  if (data.turnOptions !== undefined) validateOptions(data.turnOptions, "turnOptions", TURN_ONLY_LOCAL);
  assertJson(data, "data");
  return data as unknown as TurnJobData;
}

/** Throws InvalidTurnJobError unless the thread options are plain data codex can take. */
export function validateThreadOptions(options: unknown): QueueThreadOptions {
  validateOptions(options, "newThread", THREAD_ONLY_LOCAL);
  if ((options as { ephemeral?: unknown }).ephemeral === true) {
    throw new InvalidTurnJobError(
      "newThread.ephemeral",
      "an ephemeral thread has no rollout to move between workers",
    );
  }
  return options as QueueThreadOptions;
}

export function assertThreadId(value: unknown, path: string): asserts value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 200 || !/^\w[\w.:-]*$/.test(value)) {
    throw new InvalidTurnJobError(path, "expected a non-empty id of letters, digits, '_', '-', '.', ':'");
  }
}

function validateInput(input: unknown): void {
  if (typeof input === "string") {
    if (input.length === 0) throw new InvalidTurnJobError("input", "empty text");
    return;
  }
  const parts = Array.isArray(input) ? input : [input];
  if (parts.length === 0) throw new InvalidTurnJobError("input", "no input parts");
  parts.forEach((part: unknown, index) => {
    const path = Array.isArray(input) ? `input[${index}]` : "input";
    if (typeof part === "string") {
      if (part.length === 0) throw new InvalidTurnJobError(path, "empty text");
      return;
    }
    if (!isPlainObject(part) || typeof part.type !== "string" || !INPUT_TYPES.has(part.type)) {
      throw new InvalidTurnJobError(
        path,
        `expected a string or a part with type ${[...INPUT_TYPES].join("|")}`,
      );
    }
    if (part.type === "text" && typeof part.text !== "string") {
      throw new InvalidTurnJobError(`${path}.text`, "expected a string");
    }
  });
}

/** Options that only make sense in one process: rejected with a hint. */
const THREAD_ONLY_LOCAL: Record<string, string> = {
  approvals: "server-request handlers run on the producer: pass serverRequests to enqueueTurn/createProducer",
  serverRequests:
    "server-request handlers run on the producer: pass serverRequests to enqueueTurn/createProducer",
  serverRequestTimeoutMs: "set serverRequestTimeoutMs on the worker",
};
const TURN_ONLY_LOCAL: Record<string, string> = {
  ...THREAD_ONLY_LOCAL,
  signal: "an AbortSignal cannot cross Redis: call cancel() on the handle",
};

function validateOptions(options: unknown, path: string, local: Record<string, string>): void {
  if (!isPlainObject(options)) throw new InvalidTurnJobError(path, "expected a plain object");
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue;
    const hint = local[key];
    if (hint) throw new InvalidTurnJobError(`${path}.${key}`, hint);
  }
  assertJson(options, path);
}

/** Only JSON data survives the trip through Redis unchanged: no functions, class instances, cycles. */
function assertJson(value: unknown, path: string, seen = new Set<object>()): void {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "undefined":
      return;
    case "number":
      if (!Number.isFinite(value)) throw new InvalidTurnJobError(path, "not a finite number");
      return;
    case "object": {
      if (value === null) return;
      if (seen.has(value)) throw new InvalidTurnJobError(path, "circular reference");
      seen.add(value);
      if (Array.isArray(value)) {
        for (const [index, element] of value.entries()) assertJson(element, `${path}[${index}]`, seen);
      } else if (isPlainObject(value)) {
        for (const [key, member] of Object.entries(value)) assertJson(member, `${path}.${key}`, seen);
      } else throw new InvalidTurnJobError(path, `not plain data (${value.constructor?.name ?? "object"})`);
      seen.delete(value);
      return;
    }
    default:
      throw new InvalidTurnJobError(path, `a ${typeof value} cannot travel through Redis`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
