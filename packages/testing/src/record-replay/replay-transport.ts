// Plays a recorded app-server session back to a client, in process and deterministically, with no codex and
// no model: the client's requests are answered by method, order and meaning (params compared, volatile values
// ignored: replay-compare.ts); anything it did not do in the recording is a divergence, reported loudly (the
// request is answered with an error naming it, and assertComplete throws).
import {
  CodexError,
  ConnectionClosedError,
  classifyMessage,
  type Transport,
} from "@codex/app-server-protocol";
import { firstDifference, type ValueDifference } from "./replay-compare.js";
import {
  type RecordedMessage,
  readRecording,
  type SessionRecording,
  type WireMessage,
} from "./session-recording.js";

/** Something the client sent that the recording does not have (or has, but never sent). */
export interface ReplayDivergence {
  readonly reason: string;
  /** What the client sent; absent for a recorded message the client never sent. */
  readonly sent?: WireMessage;
  /** For a message of the recorded method whose content differs: where, and both values. */
  readonly difference?: ValueDifference;
}

/** The client did something other than the recorded session. */
export class ReplayDivergenceError extends CodexError {
  override name = "ReplayDivergenceError";
  constructor(readonly divergences: readonly ReplayDivergence[]) {
    super(`the client diverged from the recording:\n${divergences.map((d) => `- ${d.reason}`).join("\n")}`);
  }
}

export interface ReplayTransportOptions {
  /** "instant" (default) plays server messages as soon as they are due; "recorded" keeps the recorded gaps. */
  readonly timing?: "instant" | "recorded";
  /** With timing "recorded": play this many times faster. Default 1. */
  readonly speed?: number;
  /** Called at each divergence, as it happens (e.g. to fail a test at once). */
  readonly onDivergence?: (divergence: ReplayDivergence) => void;
  /**
   * "meaning" (default): a client message matches the recorded one of its method and order only if its
   * params (a response's result or error) are the same, key order, ids, timestamps and temp-dir paths
   * aside; a changed prompt is a divergence. "method": method and order only (the params may differ).
   */
  readonly match?: "meaning" | "method";
}

/** A replaying transport, with what it found. */
export interface ReplayTransport extends Transport {
  readonly divergences: readonly ReplayDivergence[];
  /** Throws ReplayDivergenceError unless the client sent exactly what was recorded and got every answer. */
  assertComplete(): void;
}

/** JSON-RPC "internal error": what a diverging request is answered with, so the client's call rejects. */
const DIVERGENCE_ERROR_CODE = -32603;

/**
 * Replays a recording (a file path or a parsed recording) made by `recordingTransport`. A server message is
 * delivered once every client message recorded before it has been sent; a server response carries the id of
 * the client's matching request. The client's requests match recorded ones by method, in order.
 */
export function replayTransport(
  source: string | SessionRecording,
  options: ReplayTransportOptions = {},
): ReplayTransport {
  const recording = typeof source === "string" ? readRecording(source) : source;
  return new Replay(recording.messages, options);
}

type MessageId = string | number;

class Replay implements ReplayTransport {
  onMessage?: Transport["onMessage"];
  onClose?: Transport["onClose"];
  onError?: Transport["onError"];
  onMalformedMessage?: Transport["onMalformedMessage"];
  onStderr?: Transport["onStderr"];

  readonly divergences: ReplayDivergence[] = [];
  readonly #entries: readonly RecordedMessage[];
  readonly #options: ReplayTransportOptions;
  readonly #sent: boolean[];
  /** Recorded client request id -> the id the live client used. */
  readonly #ids = new Map<MessageId, MessageId>();
  #cursor = 0;
  #lastPlayedAt = 0;
  #pumping = false;
  #started = false;
  #closed: ConnectionClosedError | undefined;

  constructor(entries: readonly RecordedMessage[], options: ReplayTransportOptions) {
    this.#entries = entries;
    this.#options = options;
    this.#sent = entries.map(() => false);
  }

  async start(): Promise<void> {
    this.#started = true;
    this.#schedulePump();
  }

  async send(message: WireMessage): Promise<void> {
    if (this.#closed) throw this.#closed;
    if (!this.#started) throw new CodexError("replay transport not started");
    const found = this.#match(message);
    if (found.index === undefined) {
      this.#diverge(message, found.difference);
      return;
    }
    const index = found.index;
    this.#sent[index] = true;
    const recorded = this.#entries[index]?.message as { id?: MessageId };
    const live = message as { id?: MessageId };
    if (classifyMessage(message) === "request" && recorded.id !== undefined && live.id !== undefined) {
      this.#ids.set(recorded.id, live.id);
    }
    this.#schedulePump();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = new ConnectionClosedError({
      reason: "the replay transport was closed",
      exitCode: null,
      signal: null,
      stderrTail: "",
    });
    const closed = this.#closed;
    setImmediate(() => this.onClose?.(closed));
  }

  stderrTail(): string {
    return "";
  }

  assertComplete(): void {
    const missing = this.#entries.flatMap((entry, index): ReplayDivergence[] => {
      if (entry.from === "client" && !this.#sent[index]) {
        return [{ reason: `never sent: recorded client message #${index + 1} (${describe(entry.message)})` }];
      }
      if (entry.from === "server" && index >= this.#cursor) {
        return [{ reason: `never delivered: server message #${index + 1} (${describe(entry.message)})` }];
      }
      return [];
    });
    const all = [...this.divergences, ...missing];
    if (all.length > 0) throw new ReplayDivergenceError(all);
  }

  /**
   * The first recorded client message not yet sent that this one stands for (kind and method; responses by
   * id), and, with match "meaning", the same content; else how the first candidate differs.
   */
  #match(message: WireMessage): { index?: number; difference?: ValueDifference } {
    const kind = classifyMessage(message);
    const sent = message as { method?: string; id?: MessageId };
    for (let index = 0; index < this.#entries.length; index++) {
      const entry = this.#entries[index];
      if (entry?.from !== "client" || this.#sent[index]) continue;
      if (classifyMessage(entry.message) !== kind) continue;
      const recorded = entry.message as { method?: string; id?: MessageId };
      if (kind === "response" ? recorded.id !== sent.id : recorded.method !== sent.method) continue;
      if (this.#options.match === "method") return { index };
      const difference = firstDifference(contentOf(entry.message), contentOf(message));
      return difference ? { difference } : { index };
    }
    return {};
  }

  #diverge(message: WireMessage, difference: ValueDifference | undefined): void {
    const divergence: ReplayDivergence = difference
      ? {
          reason: `${describe(message)} differs from the recording at ${difference.path || "the top"}: recorded ${show(difference.recorded)}, sent ${show(difference.sent)}`,
          sent: message,
          difference,
        }
      : {
          reason: `not in the recording (or sent more often than recorded): ${describe(message)}`,
          sent: message,
        };
    this.divergences.push(divergence);
    this.#options.onDivergence?.(divergence);
    const request = message as { id?: MessageId };
    if (classifyMessage(message) === "request" && request.id !== undefined) {
      const reply = {
        jsonrpc: "2.0",
        id: request.id,
        error: { code: DIVERGENCE_ERROR_CODE, message: `replay divergence: ${divergence.reason}` },
      } as WireMessage;
      setImmediate(() => this.onMessage?.(reply));
    }
  }

  #schedulePump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    setImmediate(() => void this.#pump());
  }

  /** Delivers server messages up to the next recorded client message the client has not sent yet. */
  async #pump(): Promise<void> {
    try {
      while (!this.#closed && this.#cursor < this.#entries.length) {
        const entry = this.#entries[this.#cursor] as RecordedMessage;
        if (entry.from === "client") {
          if (!this.#sent[this.#cursor]) return;
          this.#cursor++;
          continue;
        }
        await this.#waitForRecordedGap(entry.t);
        if (this.#closed) return;
        this.#cursor++;
        this.onMessage?.(this.#live(entry.message));
      }
    } finally {
      this.#pumping = false;
    }
  }

  async #waitForRecordedGap(t: number): Promise<void> {
    if (this.#options.timing !== "recorded") return;
    const gap = Math.max(0, t - this.#lastPlayedAt) / (this.#options.speed ?? 1);
    this.#lastPlayedAt = t;
    if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
  }

  /** A recorded server message as the live client must see it: a response carries its live request id. */
  #live(message: WireMessage): WireMessage {
    if (classifyMessage(message) !== "response") return message;
    const recordedId = (message as { id?: MessageId }).id;
    const liveId = recordedId === undefined ? undefined : this.#ids.get(recordedId);
    return liveId === undefined ? message : ({ ...message, id: liveId } as WireMessage);
  }
}

function describe(message: WireMessage): string {
  const { method, id } = message as { method?: string; id?: MessageId };
  const kind = classifyMessage(message);
  if (kind === "response") return `response to server request ${String(id)}`;
  return `${kind} ${method ?? "?"}`;
}

/** What a message says, without its envelope: params (requests, notifications) or result / error (responses). */
function contentOf(message: WireMessage): unknown {
  const { params, result, error } = message as { params?: unknown; result?: unknown; error?: unknown };
  return classifyMessage(message) === "response" ? { result, error } : params;
}

/** A value in a divergence message, cut short. */
function show(value: unknown): string {
  const text = value === undefined ? "nothing" : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
