import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { SpawnCommand } from "../spawn-command.js";
import type { FakeAppServerScript } from "./fake-script.js";

/** Absolute path of the fake app-server script (plain ESM, runs with `node`). */
export const FAKE_APP_SERVER_SCRIPT_PATH = fileURLToPath(
  new URL("../../assets/fake-app-server.mjs", import.meta.url),
);

export interface FakeAppServerCommandOptions {
  /** Append every line the fake reads from stdin to this file (see readFakeRecording). */
  readonly recordPath?: string;
}

/** A spawnable command running the fake app-server with this script. */
export function fakeAppServerCommand(
  script: FakeAppServerScript,
  options: FakeAppServerCommandOptions = {},
): SpawnCommand {
  const env: Record<string, string> = { FAKE_APP_SERVER_SCRIPT: JSON.stringify(script) };
  if (options.recordPath !== undefined) env.FAKE_APP_SERVER_RECORD = options.recordPath;
  // Windows needs SystemRoot to start most processes; harmless elsewhere.
  if (process.env.SystemRoot !== undefined) env.SystemRoot = process.env.SystemRoot;
  return { command: process.execPath, args: [FAKE_APP_SERVER_SCRIPT_PATH], env };
}

/** The messages a fake recorded (one per line it read; lines that are not JSON come back as strings). */
export async function readFakeRecording(recordPath: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(recordPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return line;
      }
    });
}
