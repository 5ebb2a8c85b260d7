// The engine: what a client runs once it is used. The entry's facades (entry/) load it with one
// `import()` on first use (entry/engine-loader.ts); nothing here is compiled by a bare import of the SDK.
export { CodexClient } from "./client/codex.js";
export { CommandHandle } from "./commands/command-handle.js";
export { FileWatch } from "./fs/file-watch.js";
export { GoalHandle } from "./goals/goal-handle.js";
export { ReviewHandle } from "./review/review-handle.js";
export { Thread } from "./thread.js";
export { TurnHandle } from "./turn/turn-handle.js";
