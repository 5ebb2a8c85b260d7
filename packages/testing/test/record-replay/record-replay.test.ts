import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CodexConnection, connect, spawnTransport } from "@codex/app-server-protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodexTestEnv, startCodexTestEnv } from "../../src/harness/codex-test-env.js";
import { reply } from "../../src/mock-responses/reply.js";
import { recordingTransport } from "../../src/record-replay/recording-transport.js";
import {
  type ReplayDivergence,
  ReplayDivergenceError,
  replayTransport,
} from "../../src/record-replay/replay-transport.js";
import { readRecording } from "../../src/record-replay/session-recording.js";

// Record one real session (the pinned codex against the mock model), then replay it with no codex at all.
let env: CodexTestEnv;
let dir: string;
let recordingPath: string;
let recorded: { threadId: string; text: string; methods: string[] };

interface Notification {
  readonly method: string;
  readonly params?: unknown;
}

/** thread/start + one turn; returns the thread id, the agent's text and the notification methods seen. */
async function runSession(connection: CodexConnection, cwd: string) {
  const seen: Notification[] = [];
  const completed = new Promise<void>((resolve) => {
    connection.onAnyNotification((notification) => {
      seen.push(notification);
      if (notification.method === "turn/completed") resolve();
    });
  });
  const { thread } = (await connection.requestUnchecked("thread/start", { cwd })) as {
    thread: { id: string };
  };
  await connection.requestUnchecked("turn/start", {
    threadId: thread.id,
    input: [{ type: "text", text: "say hello", text_elements: [] }],
  });
  await completed;
  const message = seen.find(
    (n) =>
      n.method === "item/completed" && (n.params as { item: { type: string } }).item.type === "agentMessage",
  );
  return {
    threadId: thread.id,
    text: (message?.params as { item: { text: string } } | undefined)?.item.text ?? "",
    methods: seen.map((n) => n.method),
  };
}

beforeAll(async () => {
  env = await startCodexTestEnv();
  dir = await mkdtemp(join(tmpdir(), "codex-recording-"));
  recordingPath = join(dir, "session.jsonl");
  env.mock.enqueue(reply.message("Hello from the recorded session"));
  const connection = await connect({
    transport: recordingTransport(
      spawnTransport({ codexPath: env.codexPath, env: env.env, cwd: env.workspace }),
      {
        path: recordingPath,
      },
    ),
  });
  try {
    recorded = await runSession(connection, env.workspace);
  } finally {
    await connection.close();
  }
}, 90_000);

afterAll(async () => {
  await env?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("recordingTransport", () => {
  it("writes a header and every message of the real session, both ways, with timing", () => {
    expect(recorded.text).toBe("Hello from the recorded session");
    const recording = readRecording(recordingPath);
    expect(recording.header.format).toBe("codex-app-server-recording");
    const client = recording.messages
      .filter((m) => m.from === "client")
      .map((m) => (m.message as { method?: string }).method);
    expect(client.slice(0, 4)).toEqual(["initialize", "initialized", "thread/start", "turn/start"]);
    const serverMethods = recording.messages
      .filter((m) => m.from === "server")
      .map((m) => (m.message as { method?: string }).method);
    expect(serverMethods).toContain("turn/completed");
    const times = recording.messages.map((m) => m.t);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });
});

describe("replayTransport", () => {
  it("plays the session back without codex or the model, with the same results", async () => {
    const modelCalls = env.mock.requests.length;
    const transport = replayTransport(recordingPath);
    const connection = await connect({ transport });
    try {
      const replayed = await runSession(connection, env.workspace);
      expect(replayed).toEqual(recorded);
    } finally {
      await connection.close();
    }
    expect(env.mock.requests.length).toBe(modelCalls);
    expect(() => transport.assertComplete()).not.toThrow();
  });

  it("fails loudly when the client diverges: the request is answered with an error naming it", async () => {
    const divergences: string[] = [];
    const transport = replayTransport(recordingPath, { onDivergence: (d) => divergences.push(d.reason) });
    const connection = await connect({ transport });
    try {
      await connection.requestUnchecked("thread/start", { cwd: env.workspace });
      await expect(connection.requestUnchecked("model/list", {})).rejects.toThrow(
        /replay divergence.*model\/list/,
      );
    } finally {
      await connection.close();
    }
    expect(divergences).toEqual([expect.stringContaining("request model/list")]);
    expect(() => transport.assertComplete()).toThrow(ReplayDivergenceError);
    expect(() => transport.assertComplete()).toThrow(/never sent: .*turn\/start/);
  });

  it("compares params by meaning: a changed prompt is a divergence naming both values", async () => {
    const divergences: ReplayDivergence[] = [];
    const transport = replayTransport(recordingPath, { onDivergence: (d) => divergences.push(d) });
    const connection = await connect({ transport });
    try {
      // Another temp dir than the recording's: the same meaning (the temp folder's name is volatile).
      const { thread } = (await connection.requestUnchecked("thread/start", {
        cwd: join(tmpdir(), "elsewhere"),
      })) as {
        thread: { id: string };
      };
      await expect(
        connection.requestUnchecked("turn/start", {
          threadId: thread.id,
          input: [{ type: "text", text: "say goodbye", text_elements: [] }],
        }),
      ).rejects.toThrow(
        /turn\/start differs from the recording at \/input\/0\/text: recorded "say hello", sent "say goodbye"/,
      );
    } finally {
      await connection.close();
    }
    expect(divergences).toHaveLength(1);
    expect(divergences[0]?.difference).toEqual({
      path: "/input/0/text",
      recorded: "say hello",
      sent: "say goodbye",
    });
    expect(() => transport.assertComplete()).toThrow(ReplayDivergenceError);
  });

  it('match: "method" replays by method and order only (the documented loose mode)', async () => {
    const transport = replayTransport(recordingPath, { match: "method" });
    const connection = await connect({ transport });
    try {
      const { thread } = (await connection.requestUnchecked("thread/start", { cwd: "/somewhere/else" })) as {
        thread: { id: string };
      };
      await connection.requestUnchecked("turn/start", {
        threadId: thread.id,
        input: [{ type: "text", text: "say goodbye", text_elements: [] }],
      });
    } finally {
      await connection.close();
    }
    expect(transport.divergences).toEqual([]);
  });

  it("keeps recorded gaps with timing 'recorded'", async () => {
    const messages = readRecording(recordingPath).messages;
    const last = messages.at(-1)?.t ?? 0;
    const transport = replayTransport(recordingPath, { timing: "recorded", speed: 4 });
    const started = performance.now();
    const connection = await connect({ transport });
    try {
      await runSession(connection, env.workspace);
    } finally {
      await connection.close();
    }
    // Not a speed target: the replay waited at least a good part of the recorded span, scaled.
    expect(performance.now() - started).toBeGreaterThanOrEqual((last / 4) * 0.5);
  });
});

describe("redaction", () => {
  it("keeps API keys and tokens out of the file", async () => {
    const path = join(dir, "secret.jsonl");
    const sent: unknown[] = [];
    const inner = {
      start: async () => {},
      send: async (message: unknown) => {
        sent.push(message);
      },
      close: async () => {},
      stderrTail: () => "",
    };
    const transport = recordingTransport(inner as never, { path });
    await transport.start();
    await transport.send({
      jsonrpc: "2.0",
      id: 1,
      method: "account/login/start",
      params: { type: "apiKey", apiKey: "sk-very-secret" },
    } as never);
    const text = readFileSync(path, "utf8");
    expect(text).not.toContain("sk-very-secret");
    expect(text).toContain("[redacted]");
    // What goes to the server is untouched.
    expect(JSON.stringify(sent)).toContain("sk-very-secret");
  });
});
