import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { ConnectionClosedError, type Transport } from "@codex/app-server-sdk";

type Message = Parameters<Transport["send"]>[0];

/**
 * A minimal custom Transport: runs any command that speaks the app-server protocol (JSONL on stdio).
 * Here it runs the scripted fake app-server; the SDK's own spawn transport does the same for codex,
 * with staged shutdown and a stderr ring buffer on top.
 */
export function commandTransport(command: {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}): Transport {
  let child: ChildProcessWithoutNullStreams | undefined;
  let stderr = "";
  const transport: Transport = {
    start: async () => {
      const started = spawn(command.command, [...command.args], { env: { ...command.env }, stdio: "pipe" });
      child = started;
      started.stderr.on("data", (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-4096);
      });
      const lines = createInterface({ input: started.stdout });
      lines.on("line", (line) => {
        if (line.trim() !== "") transport.onMessage?.(JSON.parse(line) as Message);
      });
      started.on("close", (exitCode, signal) => {
        transport.onClose?.(
          new ConnectionClosedError({
            reason: "the app-server exited",
            exitCode,
            signal,
            stderrTail: stderr,
          }),
        );
      });
      await new Promise<void>((resolve, reject) => {
        started.once("spawn", resolve);
        started.once("error", reject);
      });
    },
    send: async (message) => {
      child?.stdin.write(`${JSON.stringify(message)}\n`);
    },
    close: async () => {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child?.once("close", resolve));
      child.stdin.end(); // an app-server exits when its stdin ends
      await exited;
    },
    stderrTail: () => stderr,
  };
  return transport;
}
