// The on-disk form of a recorded app-server session: JSONL, a header line, then one line per wire message.
import { readFileSync } from "node:fs";
import type { Transport } from "@codex/app-server-protocol";

/** A JSON-RPC message as a transport carries it. */
export type WireMessage = Parameters<Transport["send"]>[0];

/** Who sent a recorded message: the client (our SDK) or the app-server. */
export type WireDirection = "client" | "server";

/** One recorded message: who sent it, when (ms since the recording started), and the message as sent. */
export interface RecordedMessage {
  readonly t: number;
  readonly from: WireDirection;
  readonly message: WireMessage;
}

/** The first line of a recording. */
export interface RecordingHeader {
  readonly format: "codex-app-server-recording";
  readonly version: 1;
  readonly recordedAt: string;
}

/** A recording read back: its header and its messages in wire order. */
export interface SessionRecording {
  readonly header: RecordingHeader;
  readonly messages: readonly RecordedMessage[];
}

export const RECORDING_FORMAT = "codex-app-server-recording";

/** Field names whose values are secrets; the recorder replaces them with "[redacted]" by default. */
export const DEFAULT_REDACTED_FIELDS: readonly string[] = [
  "apiKey",
  "accessToken",
  "refreshToken",
  "idToken",
  "chatgptAuthTokens",
  "authorization",
];

/** Replaces the values of `fields` anywhere in a JSON value (a copy; the input is left alone). */
export function redactFields(value: unknown, fields: readonly string[]): unknown {
  if (fields.length === 0) return value;
  const secret = new Set(fields);
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== "object" || node === null) return node;
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      copy[key] = secret.has(key) && child !== null && child !== undefined ? "[redacted]" : walk(child);
    }
    return copy;
  };
  return walk(value);
}

/** Parses a recording's JSONL text. Throws a SyntaxError naming the line on a malformed one. */
export function parseRecording(text: string): SessionRecording {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const [first, ...rest] = lines;
  const header = first === undefined ? undefined : (parseLine(first, 1) as Partial<RecordingHeader>);
  if (header?.format !== RECORDING_FORMAT || header.version !== 1) {
    throw new SyntaxError(
      `not a codex app-server recording (line 1 must be a ${RECORDING_FORMAT} v1 header)`,
    );
  }
  const messages = rest.map((line, index) => {
    const entry = parseLine(line, index + 2) as Partial<RecordedMessage>;
    if ((entry.from !== "client" && entry.from !== "server") || typeof entry.message !== "object") {
      throw new SyntaxError(
        `recording line ${index + 2}: expected { t, from: "client" | "server", message }`,
      );
    }
    return { t: typeof entry.t === "number" ? entry.t : 0, from: entry.from, message: entry.message };
  });
  return { header: header as RecordingHeader, messages };
}

/** Reads and parses a recording file. */
export function readRecording(path: string): SessionRecording {
  return parseRecording(readFileSync(path, "utf8"));
}

function parseLine(line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new SyntaxError(`recording line ${lineNumber}: ${(error as Error).message}`);
  }
}
