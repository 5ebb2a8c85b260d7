import type { FileWatch as FileWatchEngine } from "../fs/file-watch.js";
import type { GoalHandle as GoalHandleEngine } from "../goals/goal-handle.js";
import type { ReviewHandle as ReviewHandleEngine } from "../review/review-handle.js";
import type { Thread as ThreadEngine } from "../thread.js";
import type { TurnHandle as TurnHandleEngine } from "../turn/turn-handle.js";
import { lazyClass } from "./lazy-class.js";

// The classes only the engine makes, exported as values that load nothing (lazy-class.ts) and as the
// engine's types.

/** A conversation with codex: `thread.run()`, `thread.turn()`, goals, reviews, history. */
export const Thread = lazyClass("Thread");
export type Thread = ThreadEngine;

/** A turn in flight: stream it, answer its requests, steer or interrupt it, await its result. */
export const TurnHandle = lazyClass("TurnHandle");
export type TurnHandle<T = undefined> = TurnHandleEngine<T>;

/** A thread's goal pursued over several turns. */
export const GoalHandle = lazyClass("GoalHandle");
export type GoalHandle = GoalHandleEngine;

/** A code review running as a turn. */
export const ReviewHandle = lazyClass("ReviewHandle");
export type ReviewHandle = ReviewHandleEngine;

/** A watch on a path of the app-server host (`codex.fs.watch()`). */
export const FileWatch = lazyClass("FileWatch");
export type FileWatch = FileWatchEngine;
