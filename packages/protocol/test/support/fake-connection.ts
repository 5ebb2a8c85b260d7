import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type FakeAppServerScript, fakeAppServerCommand, readFakeRecording } from "@codex/app-server-testing";
import { onTestFinished } from "vitest";
import type { CodexConnection } from "../../src/connection/codex-connection.js";
import { type ConnectOptions, connect } from "../../src/connection/connect.js";
import type { ConnectionWarning } from "../../src/connection/connection-events.js";
import type { MalformedMessage } from "../../src/framing/malformed-message.js";
import { type SpawnOptions, SpawnTransport } from "../../src/transports/spawn-transport.js";

/**
 * A connection to the scripted fake app-server, plus what it recorded and what we observed. Call it inside a
 * test: the connection is closed and its scratch directory removed when the test finishes, pass or fail
 * (`cleanup()` does that earlier, for tests about what closing does).
 */
export async function connectFake(
  script: FakeAppServerScript,
  options: Omit<ConnectOptions, "transport"> & { spawn?: Partial<SpawnOptions> } = {},
) {
  const dir = await mkdtemp(join(tmpdir(), "protocol-fake-"));
  let connection: CodexConnection | undefined;
  let cleaned: Promise<void> | undefined;
  const cleanup = (): Promise<void> => {
    cleaned ??= (async () => {
      await connection?.close();
      await rm(dir, { recursive: true, force: true });
    })();
    return cleaned;
  };
  onTestFinished(cleanup);
  const recordPath = join(dir, "record.jsonl");
  const command = fakeAppServerCommand(script, { recordPath });
  const transport = new SpawnTransport({ ...command, ...options.spawn });
  const warnings: ConnectionWarning[] = [];
  const malformed: MalformedMessage[] = [];
  connection = await connect({
    ...options,
    transport,
    onWarning: (warning) => {
      warnings.push(warning);
      options.onWarning?.(warning);
    },
    onMalformedLine: (line) => malformed.push(line),
  });
  return {
    connection,
    transport,
    warnings,
    malformed,
    /** Messages the fake read from us, in order. */
    recorded: () => readFakeRecording(recordPath) as Promise<Array<Record<string, unknown>>>,
    cleanup,
  };
}

/** Polls until `check` returns a value other than undefined (for waiting on another process). */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
