// Offline stage for the example: a private redis-server, the mock model, two worker processes.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { resolveCodexBinary } from "@codex/app-server-sdk";
import {
  createCodexHome,
  freePort,
  functionCallOutputs,
  inputTexts,
  isolatedEnv,
  MockResponsesServer,
  type RecordedRequest,
  reply,
} from "@codex/app-server-testing";

const here = dirname(fileURLToPath(import.meta.url));

export interface LocalCluster extends AsyncDisposable {
  readonly redisPort: number;
  readonly workspace: string;
  close(): Promise<void>;
}

/** The mock model: runs `make build` when asked to, otherwise echoes the thread's questions so far. */
function model(request: RecordedRequest) {
  const questions = inputTexts(request).filter((text) => !text.startsWith("<"));
  if (questions.at(-1) === "run the build") {
    return functionCallOutputs(request).length === 0
      ? reply.execCommand("echo build ok")
      : reply.message("The build passed.");
  }
  return reply.message(`I have seen ${questions.length} question(s): ${questions.join(" / ")}`);
}

export async function startLocalCluster(): Promise<LocalCluster> {
  const dir = await mkdtemp(join(tmpdir(), "codex-queue-example-"));
  const redisPort = await freePort();
  const redis = spawn(
    "redis-server",
    ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  await waitForLine(redis, "Ready to accept connections");
  const mock = await MockResponsesServer.start();
  mock.enqueueFor(() => true, ...Array.from({ length: 100 }, () => model));
  const workers: ChildProcess[] = [];
  for (const id of ["worker-a", "worker-b"]) {
    const home = await createCodexHome({
      mockUrl: mock.url,
      parentDir: dir,
      config: { features: { shell_snapshot: false } },
    });
    const child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", join(here, "worker.ts")],
      {
        env: {
          ...isolatedEnv(home.env),
          REDIS_PORT: String(redisPort),
          WORKER_ID: id,
          CODEX_PATH: resolveCodexBinary().path,
        },
        cwd: here,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    await waitForLine(child, "ready");
    workers.push(child);
  }
  const close = async () => {
    await Promise.all(workers.map((child) => stop(child, "SIGTERM")));
    await mock.close();
    await stop(redis, "SIGTERM");
    await rm(dir, { recursive: true, force: true });
  };
  return { redisPort, workspace: dir, close, [Symbol.asyncDispose]: close };
}

function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill(signal);
  return exited;
}

function waitForLine(child: ChildProcess, prefix: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on("line", (line) => {
      if (line.includes(prefix)) resolve();
    });
    child.once("exit", (code) =>
      reject(new Error(`${child.spawnfile} exited with ${code} before "${prefix}"`)),
    );
    child.once("error", reject);
  });
}
