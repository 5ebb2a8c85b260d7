// `pnpm demo`: the real pinned codex, driven through the SDK, against the bundled mock model (offline).
// `pnpm demo --live`: the same four turns against your own Codex login (a real model: costs tokens).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Codex, renderTurn, type ServerRequestHandlers } from "@codex/app-server-sdk";
import { PATCHED_FILE, scriptDemo } from "./demo/demo-script.js";
import { startExample } from "./support/example-env.js";

await using example = await startExample({ script: scriptDemo });
const out = process.stdout;
const section = (title: string) => out.write(`\n── ${title} ${"─".repeat(Math.max(0, 60 - title.length))}\n`);
const you = (text: string) => out.write(`you › ${text}\n`);
const indent = (text: string) => text.trimEnd().replace(/^/gm, "  │ ").replace(/ +$/gm, "");

await using codex = new Codex({ clientInfo: { name: "codex_sdk_demo", version: "0.1.0" } });
const started = await codex.start();
out.write(
  `Codex demo · codex ${codex.serverVersion} (${started.platformOs}) · ` +
    (example.live ? "your Codex login (live)\n" : `mock model at ${example.mock?.url} (offline)\n`),
);
if (example.live) await codex.requireLogin(); // NotLoggedInError with instructions when there is no login
out.write(`workspace: ${example.workspace}\n`);

// Approvals: print what codex asks for, then accept. A real app would ask a human (see approvals-prompt.ts).
const approveAndShow: ServerRequestHandlers = {
  "item/commandExecution/requestApproval": (params) => {
    out.write(`approval? run ${params.command} (in ${params.cwd}) → accept\n`);
    return { decision: "accept" };
  },
  "item/fileChange/requestApproval": (_params, { item }) => {
    const changes = item?.type === "fileChange" ? item.changes : [];
    out.write(`approval? ${changes.map((c) => `${c.kind.type} ${c.path}`).join(", ")} → accept\n`);
    return { decision: "accept" };
  },
};
const thread = await codex.startThread({
  approvalPolicy: "untrusted", // ask before every command and every patch
  sandbox: "workspace-write",
  serverRequests: approveAndShow,
});
out.write(`thread ${thread.id}\n`);

section("1. A streamed turn");
const greeting = "Say hi and tell me in one sentence what you can do.";
you(greeting);
const turn = thread.turn(greeting);
let deltas = 0;
turn.on("item/agentMessage/delta", () => deltas++);
await renderTurn(turn, out);
out.write(`(streamed in ${deltas} text deltas)\n`);

section("2. A command, after an approval");
const commandPrompt = "Write 'codex was here' to notes.txt with a shell command and count its bytes.";
you(commandPrompt);
// renderTurn prints the command's output, from its deltas or, when codex streams none, from the completed item.
await renderTurn(thread.turn(commandPrompt), out);

section("3. A file change");
const patchPrompt = `Create ${PATCHED_FILE} with a short greeting, using apply_patch.`;
you(patchPrompt);
const patched = await renderTurn(thread.turn(patchPrompt), out);
const written = await readFile(join(example.workspace, PATCHED_FILE), "utf8").catch(() => "(not written)");
out.write(`${PATCHED_FILE} now reads:\n${indent(written)}\n`);
if (patched.diff) out.write(`turn diff: ${patched.diff.split("\n").length} lines\n`);

section("4. Structured output");
interface SessionReport {
  summary: string;
  filesChanged: string[];
  risk: "low" | "medium" | "high";
}
const schema = {
  type: "object",
  properties: {
    summary: { type: "string" },
    filesChanged: { type: "array", items: { type: "string" } },
    risk: { type: "string", enum: ["low", "medium", "high"] },
  },
  required: ["summary", "filesChanged", "risk"],
  additionalProperties: false,
} as const;
const reportPrompt = "Report what you did in this session as JSON.";
you(`${reportPrompt} (with an output schema)`);
const { output } = await thread.run(reportPrompt, { outputSchema: schema });
const report = output as SessionReport; // parsed and validated against the schema by the SDK
out.write(`summary:       ${report.summary}\n`);
out.write(`files changed: ${report.filesChanged.join(", ")}\n`);
out.write(`risk:          ${report.risk}\n`);

section("done");
const stored = await thread.read({ includeTurns: true });
out.write(
  `${stored.turns?.length ?? 0} turns stored in the thread; every one through the real codex binary.\n`,
);
