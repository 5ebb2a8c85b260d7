// Code written against @openai/codex-sdk's README and types, unchanged. `pnpm typecheck` compiles it
// with the package name mapped to @codex/exec-compat.
import {
  Codex,
  type CodexOptions,
  type Input,
  type RunResult,
  type Thread,
  type ThreadEvent,
  type ThreadItem,
  type ThreadOptions,
  type TurnOptions,
  type Usage,
} from "@openai/codex-sdk";

const options: CodexOptions = {
  codexPathOverride: "/usr/local/bin/codex",
  baseUrl: "https://proxy.example/v1",
  apiKey: "sk-...",
  env: { PATH: "/usr/bin" },
  config: { model_reasoning_summary: "concise", sandbox_workspace_write: { network_access: true } },
  configOverrides: ['model="gpt-5"'],
};
const threadOptions: ThreadOptions = {
  model: "gpt-5",
  sandboxMode: "workspace-write",
  workingDirectory: "/repo",
  skipGitRepoCheck: true,
  modelReasoningEffort: "high",
  networkAccessEnabled: false,
  webSearchMode: "cached",
  approvalPolicy: "never",
  additionalDirectories: ["/tmp"],
};

export async function example(): Promise<Usage | null> {
  const codex = new Codex(options);
  const thread: Thread = codex.startThread(threadOptions);
  const id: string | null = thread.id;
  const turnOptions: TurnOptions = { outputSchema: { type: "object" }, signal: new AbortController().signal };
  const turn: RunResult = await thread.run("Diagnose the failing test", turnOptions);
  const items: ThreadItem[] = turn.items;
  for (const item of items) {
    if (item.type === "command_execution") console.log(item.command, item.exit_code, item.aggregated_output);
    if (item.type === "file_change")
      console.log(item.changes.map((change) => `${change.kind} ${change.path}`));
    if (item.type === "todo_list") console.log(item.items.filter((todo) => !todo.completed).length);
  }
  const input: Input = [
    { type: "text", text: "Describe these" },
    { type: "local_image", path: "./ui.png" },
  ];
  const { events } = await codex.resumeThread(id ?? "").runStreamed(input);
  for await (const event of events as AsyncGenerator<ThreadEvent>) {
    switch (event.type) {
      case "item.completed":
        console.log(event.item.id);
        break;
      case "turn.completed":
        console.log(event.usage.input_tokens, event.usage.cached_input_tokens);
        break;
      case "turn.failed":
        console.error(event.error.message);
        break;
      case "error":
        console.error(event.message);
        break;
    }
  }
  return turn.usage;
}
