import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { CODEX_VERSION } from "@codex/runtime";
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

/**
 * The environment variable carrying the version the fake reports in its default `initialize` answer
 * when the script sets no `initialize.version`. The asset has no schemas/ or runtime package to read
 * the pin from, so the command passes it.
 */
const FAKE_APP_SERVER_VERSION_ENV = "FAKE_APP_SERVER_CODEX_VERSION";

/**
 * A spawnable command running the fake app-server with this script. Its default `initialize` answer
 * reports the pinned codex version (`CODEX_VERSION` of `@codex/runtime`).
 */
export function fakeAppServerCommand(
  script: FakeAppServerScript,
  options: FakeAppServerCommandOptions = {},
): SpawnCommand {
  const env: Record<string, string> = {
    FAKE_APP_SERVER_SCRIPT: JSON.stringify(script),
    [FAKE_APP_SERVER_VERSION_ENV]: CODEX_VERSION,
  };
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
