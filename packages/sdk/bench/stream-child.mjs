// Benchmark child for `pnpm bench:stream`: one turn that streams N `item/agentMessage/delta` notifications.
//   node stream-child.mjs <count> raw     writes the turn's notifications to stdout and exits
//   node stream-child.mjs <count> server  acts as a minimal app-server (initialize, thread/start,
//                                         turn/start), then writes the same notifications
// The lines are built up front, so the child's own JSON work is not what gets measured.
import { createInterface } from "node:readline";

const count = Number(process.argv[2] ?? 1_000_000);
const mode = process.argv[3] ?? "raw";

const threadId = "thr_bench";
const turnId = "turn_bench";
const itemId = "msg_bench";
const turn = { id: turnId, status: "inProgress", items: [], error: null };

function notification(method, params) {
  return JSON.stringify({ method, params, emittedAtMs: 1763700000000 });
}

function turnLines() {
  const lines = [
    notification("turn/started", { threadId, turn }),
    notification("item/started", {
      threadId,
      turnId,
      item: { type: "agentMessage", id: itemId, text: "", phase: null, memoryCitation: null },
    }),
  ];
  const pieces = [];
  const usageAt = (calls) => {
    const usage = {
      totalTokens: 150 * calls,
      inputTokens: 100 * calls,
      cachedInputTokens: 0,
      outputTokens: 50 * calls,
      reasoningOutputTokens: 0,
    };
    return notification("thread/tokenUsage/updated", {
      threadId,
      turnId,
      tokenUsage: { total: usage, last: usage, modelContextWindow: 200000 },
    });
  };
  for (let seq = 0; seq < count; seq++) {
    const delta = `w${seq % 1000} `;
    pieces.push(delta);
    lines.push(notification("item/agentMessage/delta", { threadId, turnId, itemId, delta }));
    // A usage report every 10,000 deltas, as from a turn of many model calls (budgets charge each).
    if ((seq + 1) % 10_000 === 0) lines.push(usageAt((seq + 1) / 10_000));
  }
  // codex sends the whole message again when it completes.
  const text = pieces.join("");
  lines.push(
    notification("item/completed", {
      threadId,
      turnId,
      item: { type: "agentMessage", id: itemId, text, phase: "final_answer", memoryCitation: null },
    }),
    usageAt(Math.ceil(count / 10_000)),
    notification("turn/completed", {
      threadId,
      turn: { ...turn, status: "completed", items: [], durationMs: 1 },
    }),
  );
  return `${lines.join("\n")}\n`;
}

const payload = turnLines();

if (mode === "raw") {
  process.stdout.write(payload, () => process.exit(0));
} else {
  const thread = {
    id: threadId,
    preview: "",
    ephemeral: true,
    model: "mock",
    modelProvider: "mock",
    createdAt: 0,
    updatedAt: 0,
    status: { type: "idle" },
    path: null,
    cwd: "/tmp",
    cliVersion: "0.169.0",
    source: "appServer",
    gitInfo: null,
    name: null,
    turns: [],
  };
  const results = {
    initialize: {
      userAgent: "bench/0.169.0 (Bench OS; x86_64) bench (bench; 0.0.0)",
      codexHome: "/tmp/bench",
      platformFamily: "unix",
      platformOs: "linux",
    },
    "thread/start": { thread, model: "mock", modelProvider: "mock", cwd: "/tmp" },
    "turn/start": { turn },
  };
  const input = createInterface({ input: process.stdin });
  input.on("line", (line) => {
    const message = JSON.parse(line);
    if (message.id === undefined) return;
    const result = results[message.method] ?? {};
    process.stdout.write(`${JSON.stringify({ id: message.id, result })}\n`);
    if (message.method === "turn/start") process.stdout.write(payload);
  });
  input.on("close", () => process.exit(0));
}
