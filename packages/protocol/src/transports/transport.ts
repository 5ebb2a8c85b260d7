import type { ResolvedBinary } from "@codex/runtime";
import type { Message } from "vscode-jsonrpc/node";
import type { ConnectionClosedError } from "../errors.js";
import type { MalformedMessage } from "../framing/malformed-message.js";

/**
 * A message pipe to one app-server. The connection sets the `on…` callbacks before `start()`.
 * Implementations deliver every message received before the peer closed, in order, before `onClose`.
 */
export interface Transport {
  /** Opens the pipe (spawns the child, opens the socket). Rejects if that fails. */
  start(): Promise<void>;
  /** Sends one message. Rejects with ConnectionClosedError once the transport is closed. */
  send(message: Message): Promise<void>;
  /** Closes the pipe (staged shutdown for a child). Idempotent; resolves once closed. */
  close(): Promise<void>;
  /** The last lines the server wrote to stderr (empty when there is no stderr). */
  stderrTail(): string;
  /** The codex executable a spawning transport resolved and started (after `start()`). */
  readonly binary?: ResolvedBinary | undefined;

  // `| undefined` on each slot: implementations (and users under exactOptionalPropertyTypes) may
  // declare or reset them as `undefined`.
  /** Called with each message received, in order. */
  onMessage?: ((message: Message) => void) | undefined;
  /** Called exactly once, after the last message. */
  onClose?: ((error: ConnectionClosedError) => void) | undefined;
  /** Non-fatal trouble (a write that failed, a stream error). */
  onError?: ((error: Error) => void) | undefined;
  /** Called with each line or frame that is not a JSON-RPC message (it is skipped). */
  onMalformedMessage?: ((malformed: MalformedMessage) => void) | undefined;
  /** Called with each line the server writes to stderr (spawned servers only). */
  onStderr?: ((line: string) => void) | undefined;
}

/** True for a ready-made transport, false for spawn options and the like. */
export function isTransport(value: unknown): value is Transport {
  const candidate = value as Partial<Transport> | undefined;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.start === "function" &&
    typeof candidate.send === "function" &&
    typeof candidate.close === "function"
  );
}
