import { Codex } from "@codex/app-server-sdk";
import { createCodexHome, isolatedEnv } from "@codex/app-server-testing";
import { restoreThread } from "../../src/index.js";
import type { Cluster } from "./cluster.js";

/**
 * A thread's stored history as codex itself reads it: restored into a fresh CODEX_HOME and resumed by a
 * new client. The stored version, and each turn's user prompt and status, oldest first.
 */
export async function storedTurns(
  cluster: Cluster,
  threadId: string,
): Promise<{ version: number; prompts: string[]; statuses: string[] }> {
  const home = await createCodexHome({ mockUrl: cluster.mock.url });
  const reader = new Codex({
    env: isolatedEnv(home.env),
    cwd: cluster.workspace,
    clientInfo: { name: "queue_tests", version: "0" },
  });
  try {
    const restored = await restoreThread({
      connection: cluster.connection,
      queueName: cluster.queueName,
      ...(cluster.store && { store: cluster.store }),
      threadId,
      codexHome: home.path,
    });
    const thread = await reader.resumeThread(restored.codexThreadId, { cwd: cluster.workspace });
    const turns = await thread.turns();
    const prompts = turns.map((turn) =>
      turn.items
        .flatMap((item) =>
          item.type === "userMessage"
            ? item.content.map((part) => (part.type === "text" ? part.text : ""))
            : [],
        )
        .join(""),
    );
    return { version: restored.version, prompts, statuses: turns.map((turn) => turn.status) };
  } finally {
    await reader.close();
    await home.cleanup();
  }
}
