// How a replay compares what the client sends with what was recorded: by meaning. Key order does not
// count; neither do values that differ from run to run by nature: ids, timestamps, and paths under a
// temp directory (a recording made in /tmp/codex-workspace-abc replays in /tmp/codex-workspace-xyz).
import { tmpdir } from "node:os";

/** The first place where two values differ, with both values. */
export interface ValueDifference {
  /** JSON pointer-ish path from the compared value (`/input/0/text`); `` for the whole value. */
  readonly path: string;
  readonly recorded: unknown;
  readonly sent: unknown;
}

// ids the server hands out (and the replay maps), and times: never compared.
const VOLATILE_KEY =
  /^(id|requestId|threadId|turnId|itemId|callId|loginId|processId|watchId)$|(At|AtMs|Timestamp)$/;

const TEMP_ROOTS = [...new Set([tmpdir(), "/tmp", "/var/folders", "/private/var/folders", "/private/tmp"])]
  .map((root) => root.replace(/[\\/]+$/, ""))
  .filter(Boolean);

/** `/tmp/codex-workspace-abc/notes.txt` -> `<tmp>/notes.txt`: the temp folder's own name is volatile. */
function normalizePath(value: string): string {
  for (const root of TEMP_ROOTS) {
    if (value === root || value.startsWith(`${root}/`) || value.startsWith(`${root}\\`)) {
      const rest = value.slice(root.length + 1);
      const after = rest.search(/[\\/]/);
      return after === -1 ? "<tmp>" : `<tmp>${rest.slice(after).replaceAll("\\", "/")}`;
    }
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The first difference between `recorded` and `sent`, ignoring key order and volatile values. */
export function firstDifference(recorded: unknown, sent: unknown, path = ""): ValueDifference | undefined {
  if (typeof recorded === "string" && typeof sent === "string") {
    return normalizePath(recorded) === normalizePath(sent) ? undefined : { path, recorded, sent };
  }
  if (Array.isArray(recorded) && Array.isArray(sent)) {
    for (let index = 0; index < Math.max(recorded.length, sent.length); index++) {
      const difference = firstDifference(recorded[index], sent[index], `${path}/${index}`);
      if (difference) return difference;
    }
    return undefined;
  }
  if (isPlainObject(recorded) && isPlainObject(sent)) {
    const keys = [...new Set([...Object.keys(recorded), ...Object.keys(sent)])].sort();
    for (const key of keys) {
      if (VOLATILE_KEY.test(key)) continue;
      // A key absent on one side and undefined on the other is the same JSON.
      if (recorded[key] === undefined && sent[key] === undefined) continue;
      const difference = firstDifference(recorded[key], sent[key], `${path}/${key}`);
      if (difference) return difference;
    }
    return undefined;
  }
  return Object.is(recorded, sent) ? undefined : { path, recorded, sent };
}
