/**
 * `diagnostics_channel.channel("codex:sdk:turn:start")`: every turn the SDK hands out as a TurnHandle is
 * published here, so tracing (e.g. @codex/opentelemetry) can follow it. Zero cost without subscribers.
 */
import { channel } from "node:diagnostics_channel";
import type { Input } from "../input.js";
import type { OutputSchema } from "../structured-output/schema-types.js";
import type { TurnOptions } from "../thread-options.js";
import type { TurnHandle } from "./turn-handle.js";
import { TURN_START_CHANNEL } from "./turn-start-channel-name.js";

/**
 * What `diagnostics_channel.channel("codex:sdk:turn:start")` publishes, synchronously in the caller's
 * async context, before any event of the turn arrives (so subscribers can attach `turn.on(...)`):
 * - `thread.turn()` / `thread.run()`: the input and options as given.
 * - `thread.review()`: `turn` is the ReviewHandle, `input` is `[]` (codex writes the review prompt from
 *   the target), `options` are the ReviewOptions given.
 * - each turn codex starts for `thread.startGoal()` / `runGoal()`, when the goal claims it: `input` is `[]`
 *   (codex writes the goal's prompt from the objective), `options` are the GoalOptions given; published in
 *   the startGoal caller's async context when the channel had subscribers at startGoal time.
 * `thread.turn()` never publishes an empty input (it refuses one), so `[]` marks a turn codex started.
 */
export interface TurnStartMessage {
  readonly turn: TurnHandle<unknown>;
  readonly threadId: string;
  readonly input: Input;
  readonly options: TurnOptions<OutputSchema | undefined>;
}

/** The channel name of {@link TurnStartMessage}. */
export { TURN_START_CHANNEL };

/** @internal Callers check `hasSubscribers` before building a message, so nobody listening costs nothing. */
export const turnStartChannel = channel(TURN_START_CHANNEL);

/** @internal The input published for turns codex starts itself (reviews, goal turns). */
export const NO_INPUT: Input = Object.freeze([]);
