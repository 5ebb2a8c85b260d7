import type { RenderOptions, TextSink } from "../render-turn.js";
import type { RunResult } from "../turn/run-result.js";
import type { TurnHandle } from "../turn/turn-handle.js";

/**
 * Prints a turn as a readable transcript, in the spirit of `codex exec`: the agent's text as it
 * streams, commands with their output and exit code, file changes, approvals, plan updates and usage.
 * Resolves with the turn's result (and rejects as `turn.result()` does). The renderer loads on first call.
 */
export async function renderTurn<T>(
  turn: TurnHandle<T>,
  out: TextSink,
  options?: RenderOptions,
): Promise<RunResult<T>> {
  const { renderTurn: render } = await import("../render-turn.js");
  return render(turn, out, options);
}
