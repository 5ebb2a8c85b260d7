import { CodexError } from "@codex/app-server-protocol/light";
import { EventLog, type RetentionPolicy } from "./event-log.js";
import type { TurnEvent } from "./turn-event.js";
import type { TurnState } from "./turn-state.js";

/** Default of `TurnOptions.replayWindow`: the last 1,000 events are replayed verbatim to a late reader. */
export const DEFAULT_REPLAY_WINDOW = 1000;

/**
 * A turn's event log. `replayWindow`: how many of the most recent events a reader that attaches late still
 * gets one by one (older deltas reach it merged per item); a non-negative integer, or `Infinity` to keep
 * every event until the turn handle is dropped. With `state`, merged agent-message deltas are a prefix of
 * the text the state keeps for the open message, not a second copy.
 */
export function turnEventLog(
  replayWindow: number = DEFAULT_REPLAY_WINDOW,
  state?: TurnState,
): EventLog<TurnEvent> {
  if (!(replayWindow === Number.POSITIVE_INFINITY || (Number.isInteger(replayWindow) && replayWindow >= 0))) {
    throw new CodexError(
      `replayWindow must be a non-negative integer or Infinity, got ${String(replayWindow)}.`,
    );
  }
  if (!state) return new EventLog(turnEventRetention, replayWindow);
  return new EventLog(
    {
      ...turnEventRetention,
      sharedText: (event) =>
        event.method === "item/agentMessage/delta" ? state.streamedText(event.params.itemId) : undefined,
    },
    replayWindow,
  );
}

/**
 * Which of a turn's events the log may merge or drop once they leave the replay window: streamed text
 * and output deltas merge per item (and per reasoning part); a whole diff, plan, patch or progress message
 * replaces the previous one; other streamed notifications (realtime audio, process output) are dropped.
 */
export const turnEventRetention: RetentionPolicy<TurnEvent> = {
  deltaItemId(event) {
    switch (event.method) {
      case "item/agentMessage/delta":
      case "item/reasoning/summaryTextDelta":
      case "item/reasoning/textDelta":
      case "item/commandExecution/outputDelta":
      case "item/fileChange/outputDelta":
      case "item/plan/delta":
        return event.params.itemId;
      default:
        return undefined;
    }
  },
  deltaPart(event) {
    if (event.method === "item/reasoning/summaryTextDelta") return event.params.summaryIndex;
    if (event.method === "item/reasoning/textDelta") return event.params.contentIndex;
    return 0;
  },
  deltaText(event) {
    return (event.params as { delta: string }).delta;
  },
  withDeltaText(event, text) {
    return { ...event, params: { ...event.params, delta: text } } as TurnEvent;
  },
  completedItemId(event) {
    return event.method === "item/completed" ? event.params.item.id : undefined;
  },
  latestWinsKey(event) {
    if (event.method === "turn/diff/updated" || event.method === "turn/plan/updated") return event.method;
    // The whole patch of a file change as it streams, or an MCP call's progress message: the last one counts.
    if (event.method === "item/fileChange/patchUpdated" || event.method === "item/mcpToolCall/progress") {
      return `${event.method}\u0000${event.params.itemId}`;
    }
    return undefined;
  },
  transient(event) {
    // Any other streamed notification routed to the turn (realtime audio and transcripts, process output).
    if (event.method === "item/mcpToolCall/progress") return false; // latest wins, see above
    return event.method.endsWith("elta") || event.method.endsWith("/progress");
  },
};
