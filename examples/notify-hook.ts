// codex's `notify` config: a program codex runs after each turn, with a JSON payload as its last argument.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) => mock.enqueue(reply.message("All tests pass.")),
});

// #region notify-hook
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Codex } from "@codex/app-server-sdk";

// The hook: any program. This one appends the payload codex passes it to a log file.
const hookPath = join(process.cwd(), "notify-hook.mjs");
const logPath = join(process.cwd(), "notifications.jsonl");
await writeFile(
  hookPath,
  `import { appendFileSync } from "node:fs";\nappendFileSync(${JSON.stringify(logPath)}, process.argv.at(-1) + "\\n");\n`,
);

const codex = new Codex({ config: { notify: [process.execPath, hookPath] } });
let log = "";
try {
  const thread = await codex.startThread();
  await thread.run("Run the tests.");
  // codex runs the hook in the background after the turn; closing codex at once can cut it off.
  for (let attempt = 0; attempt < 100 && !log; attempt++) {
    log = await readFile(logPath, "utf8").catch(() => "");
    if (!log) await new Promise((resolve) => setTimeout(resolve, 50));
  }
} finally {
  await codex.close();
}
// #endregion

for (const line of log.split("\n").filter(Boolean)) {
  const payload = JSON.parse(line) as Record<string, unknown>;
  console.log(
    `notify hook ran: type=${payload.type}, last message=${JSON.stringify(payload["last-assistant-message"])}`,
  );
  console.log(`payload keys: ${Object.keys(payload).sort().join(", ")}`);
}
if (!log) console.log("the notify hook did not run");
