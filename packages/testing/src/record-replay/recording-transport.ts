// Wraps a real transport and writes every wire message of the session, with its timing, to a JSONL file.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Transport } from "@codex/app-server-protocol";
import {
  DEFAULT_REDACTED_FIELDS,
  RECORDING_FORMAT,
  type RecordedMessage,
  type RecordingHeader,
  redactFields,
  type WireDirection,
  type WireMessage,
} from "./session-recording.js";

export interface RecordingTransportOptions {
  /** The JSONL file to write (created or truncated at `start()`; each message is appended as it passes). */
  readonly path: string;
  /** Field names whose values are replaced by "[redacted]". Default: API keys and auth tokens. */
  readonly redact?: readonly string[];
}

/** A transport that records what passes through it; `messages` holds the same entries as the file. */
export interface RecordingTransport extends Transport {
  readonly messages: readonly RecordedMessage[];
}

/**
 * Records a real session: `new Codex({ transport: recordingTransport(spawnTransport(...), { path }) })`.
 * Messages are appended synchronously, so a crash keeps everything that passed before it.
 */
export function recordingTransport(inner: Transport, options: RecordingTransportOptions): RecordingTransport {
  const redacted = options.redact ?? DEFAULT_REDACTED_FIELDS;
  const messages: RecordedMessage[] = [];
  let startedAt = 0;
  const record = (from: WireDirection, message: WireMessage): void => {
    const entry: RecordedMessage = {
      t: Math.round(performance.now() - startedAt),
      from,
      message: redactFields(message, redacted) as WireMessage,
    };
    messages.push(entry);
    appendFileSync(options.path, `${JSON.stringify(entry)}\n`);
  };

  const transport: RecordingTransport = {
    messages,
    async start() {
      mkdirSync(dirname(options.path), { recursive: true });
      const header: RecordingHeader = {
        format: RECORDING_FORMAT,
        version: 1,
        recordedAt: new Date().toISOString(),
      };
      writeFileSync(options.path, `${JSON.stringify(header)}\n`);
      startedAt = performance.now();
      inner.onMessage = (message) => {
        record("server", message);
        transport.onMessage?.(message);
      };
      inner.onClose = (error) => transport.onClose?.(error);
      inner.onError = (error) => transport.onError?.(error);
      inner.onMalformedMessage = (malformed) => transport.onMalformedMessage?.(malformed);
      inner.onStderr = (line) => transport.onStderr?.(line);
      await inner.start();
    },
    send(message) {
      record("client", message);
      return inner.send(message);
    },
    close: () => inner.close(),
    stderrTail: () => inner.stderrTail(),
  };
  return transport;
}
