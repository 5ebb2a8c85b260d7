/**
 * The diagnostics_channel name every TurnHandle is published on (turn-start-channel.ts). Its own module so
 * the SDK's entry exports it without loading node:diagnostics_channel.
 */
export const TURN_START_CHANNEL = "codex:sdk:turn:start";
