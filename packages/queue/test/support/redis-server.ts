import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@codex/app-server-testing";

export interface RedisServer {
  readonly port: number;
  readonly connection: { readonly host: string; readonly port: number };
  /**
   * A Redis outage of `ms`: "restart" shuts the server down (clients get ECONNREFUSED) and starts it again
   * on the same port from its append-only file (needs `persistent`); "freeze" stops the process
   * (SIGSTOP: connections stay open, nothing answers) and resumes it. Key TTLs run on in both.
   */
  outage(kind: "restart" | "freeze", ms: number): Promise<void>;
  stop(): Promise<void>;
}

export interface RedisServerOptions {
  /** Every write fsynced to an append-only file, so a restart loses nothing. Default false. */
  readonly persistent?: boolean;
}

/** A real redis-server on a free port in a temp dir (no persistence unless asked); stopped by `stop()`. */
export async function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const binary = process.env.REDIS_SERVER_PATH ?? "redis-server";
  const dir = await mkdtemp(join(tmpdir(), "codex-queue-redis-"));
  const port = await freePort();
  const persistence = options.persistent
    ? ["--appendonly", "yes", "--appendfsync", "always"]
    : ["--appendonly", "no"];
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", ...persistence, "--dir", dir];
  const launch = async (): Promise<ChildProcess> => {
    const started = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
    try {
      await waitForReady(started);
    } catch (error) {
      started.kill("SIGKILL");
      throw error;
    }
    return started;
  };
  let child: ChildProcess;
  try {
    child = await launch();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const shutdown = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGCONT");
    child.kill("SIGTERM");
    await exited;
  };
  return {
    port,
    connection: { host: "127.0.0.1", port },
    outage: async (kind, ms) => {
      if (kind === "freeze") {
        child.kill("SIGSTOP");
        await new Promise((resolve) => setTimeout(resolve, ms));
        child.kill("SIGCONT");
        return;
      }
      if (!options.persistent) throw new Error("a restart without persistence would lose the data");
      await shutdown();
      await new Promise((resolve) => setTimeout(resolve, ms));
      child = await launch();
    },
    stop: async () => {
      await shutdown();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function waitForReady(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`redis-server could not be spawned (is it installed?): ${error.message}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
}
