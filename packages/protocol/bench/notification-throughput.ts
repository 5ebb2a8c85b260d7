/**
 * Notifications per second through CodexConnection vs a raw JSON.parse-per-line loop over the same
 * child output. Prints both rates and ends with `ratio_vs_raw=<x>` (target >= 0.5). A benchmark, not a test.
 *
 *   pnpm bench:protocol            (BENCH_COUNT=200000 BENCH_ROUNDS=5 by default)
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createMessageConnection } from "vscode-jsonrpc/node";
import { connect } from "../src/connection/connect.js";
import { JsonlMessageReader } from "../src/framing/jsonl-message-reader.js";
import { JsonlMessageWriter } from "../src/framing/jsonl-message-writer.js";
import { spawnTransport } from "../src/transports/spawn-transport.js";

const COUNT = Number(process.env.BENCH_COUNT ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CHILD = fileURLToPath(new URL("./flood-child.mjs", import.meta.url));

/** Clock runs from the first notification to the last, so process start-up is not counted. */
interface Timing {
  readonly received: number;
  readonly ms: number;
}

/** Counts notifications as they arrive and times the first to the last. */
class ArrivalClock {
  private received = 0;
  private first = 0;
  private last = 0;

  readonly arrived = (): void => {
    if (this.received === 0) this.first = performance.now();
    this.received++;
    this.last = performance.now();
  };

  timing(): Timing {
    return { received: this.received, ms: this.last - this.first };
  }
}

function rawLoop(): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, String(COUNT)], { stdio: ["ignore", "pipe", "inherit"] });
    let buffered = "";
    const clock = new ArrivalClock();
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      const parts = (buffered + chunk).split("\n");
      buffered = parts.pop() ?? "";
      for (const line of parts) {
        if (line.length === 0) continue;
        const message = JSON.parse(line) as { method?: string };
        if (message.method !== undefined) clock.arrived();
      }
    });
    child.stdout.on("end", () => resolve(clock.timing()));
    child.on("error", reject);
  });
}

async function throughConnection(): Promise<Timing> {
  const connection = await connect({
    transport: spawnTransport({ command: process.execPath, args: [CHILD, String(COUNT), "--handshake"] }),
    versionCheck: "off",
  });
  const clock = new ArrivalClock();
  connection.onNotification("item/agentMessage/delta", clock.arrived);
  await connection.closed;
  return clock.timing();
}

/** For reference only: vscode-jsonrpc's own MessageConnection over the same JSONL reader/writer. */
async function throughVscodeJsonrpc(): Promise<Timing> {
  const child = spawn(process.execPath, [CHILD, String(COUNT), "--handshake"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const reader = new JsonlMessageReader(child.stdout);
  const connection = createMessageConnection(reader, new JsonlMessageWriter(child.stdin));
  const clock = new ArrivalClock();
  connection.onNotification("item/agentMessage/delta", clock.arrived);
  const closed = new Promise<void>((resolve) => connection.onClose(() => resolve()));
  connection.listen();
  await connection.sendRequest("initialize", { clientInfo: { name: "bench", version: "0" } });
  await connection.sendNotification("initialized");
  await closed;
  connection.dispose();
  return clock.timing();
}

function rate(timing: Timing): number {
  return timing.received / (timing.ms / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  // Warm-up (JIT, file cache) for both paths.
  await rawLoop();
  await throughConnection();
  const raw: number[] = [];
  const conn: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const r = await rawLoop();
    const c = await throughConnection();
    if (r.received !== COUNT || c.received !== COUNT) {
      throw new Error(`lost notifications: raw ${r.received}, connection ${c.received}, expected ${COUNT}`);
    }
    raw.push(rate(r));
    conn.push(rate(c));
    console.log(`round ${round + 1}: raw ${Math.round(rate(r))}/s, connection ${Math.round(rate(c))}/s`);
  }
  const rawRate = median(raw);
  const connectionRate = median(conn);
  const vscode = await throughVscodeJsonrpc();
  console.log(
    `reference: vscode-jsonrpc's own MessageConnection delivered ${vscode.received}/${COUNT} before close`,
  );
  console.log(`notifications=${COUNT} rounds=${ROUNDS} (median)`);
  console.log(`raw_json_parse_per_line=${Math.round(rawRate)}/s`);
  console.log(`codex_connection=${Math.round(connectionRate)}/s`);
  console.log(`ratio_vs_raw=${(connectionRate / rawRate).toFixed(2)}`);
}

await main();
