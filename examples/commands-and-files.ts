// Command sessions and files: run a process through codex, talk to its stdin, and use codex's fs API.
import { startExample } from "./support/example-env.js";

await using _example = await startExample();

// #region commands-and-files
import { join } from "node:path";
import { Codex } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  // A command in codex's sandbox (no thread, no model): stream its output, write its stdin.
  const sort = codex.exec(["sort"], { stdin: true });
  await sort.write("pear\napple\nfig\n", { closeStdin: true });
  for await (const line of sort.stdout) process.stdout.write(line);
  console.log(`exit code: ${(await sort.result()).exitCode}`);

  // Files on the app-server's host (absolute paths; text or bytes, no base64 to handle).
  const notes = join(process.cwd(), "notes"); // the example runs in a temp workspace
  await codex.fs.createDirectory(notes);
  await codex.fs.writeFile(join(notes, "todo.txt"), "ship it\n");
  console.log(`read back: ${(await codex.fs.readTextFile(join(notes, "todo.txt"))).trim()}`);
  const entries = await codex.fs.readDirectory(notes);
  console.log(`entries: ${entries.map((entry) => entry.fileName).join(", ")}`);

  // Watch a directory; `break` unwatches it.
  const watch = await codex.fs.watch(notes);
  const touch = setInterval(() => codex.fs.writeFile(join(notes, "done.txt"), "yes\n").catch(() => {}), 50);
  for await (const change of watch) {
    if (change.changedPaths.some((path) => path.endsWith("done.txt"))) {
      console.log("saw done.txt change");
      break;
    }
  }
  clearInterval(touch);
} finally {
  await codex.close();
}
// #endregion
