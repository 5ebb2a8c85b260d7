// Benchmark child: writes N small notification lines (codex-shaped) to stdout, then exits.
// With --handshake it first answers `initialize` like codex and waits for `initialized`.
import { createInterface } from "node:readline";

const count = Number(process.argv[2] ?? 200_000);
const handshake = process.argv.includes("--handshake");

// Built up front so the child's own JSON work is not what gets measured.
const lines = [];
for (let seq = 0; seq < count; seq++) {
  lines.push(
    JSON.stringify({
      method: "item/agentMessage/delta",
      params: { threadId: "thr_bench", turnId: "turn_bench", itemId: "msg_1", delta: `token ${seq} ` },
      emittedAtMs: 1763700000000 + seq,
    }),
  );
}
const payload = `${lines.join("\n")}\n`;

function flood() {
  process.stdout.write(payload, () => process.exit(0));
}

if (!handshake) flood();
else {
  const input = createInterface({ input: process.stdin });
  input.on("line", (line) => {
    const message = JSON.parse(line);
    if (message.method === "initialize") {
      const result = {
        userAgent: "bench/0.169.0 (Bench OS; x86_64) bench (bench; 0.0.0)",
        codexHome: "/tmp/bench",
        platformFamily: "unix",
        platformOs: "linux",
      };
      process.stdout.write(`${JSON.stringify({ id: message.id, result })}\n`);
    } else if (message.method === "initialized") flood();
  });
}
