// `pnpm example web-chat [--live] [--port N]`: a web page that shows a turn as it runs and asks for
// approvals in the browser. Offline (default) against the mock model; `--live` uses your Codex login.
import { Codex } from "@codex/app-server-sdk";
import { startExample } from "../support/example-env.js";
import { offlineCodexConfig, scriptPrompt } from "./offline-script.js";
import { startWebChat } from "./server.js";

const portFlag = process.argv.indexOf("--port");
const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : Number(process.env.PORT ?? 3000);

const example = await startExample({ home: { config: offlineCodexConfig() } });
const codex = new Codex({ codexPath: example.codexPath });
const chat = await startWebChat({
  codex,
  port,
  // Every command asks first; the agent may write inside the workspace.
  threadOptions: { cwd: example.workspace, approvalPolicy: "untrusted", sandbox: "workspace-write" },
  beforeTurn: (prompt) => {
    if (example.mock) scriptPrompt(example.mock, prompt);
  },
});
console.log(
  `Codex web chat: ${chat.url} (workspace ${example.workspace}${example.live ? ", live" : ", offline mock model"})`,
);
console.log("Ctrl-C to stop.");

const stop = (): void => {
  void (async () => {
    await chat.close();
    await codex.close();
    await example.close();
    process.exit(0);
  })();
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
