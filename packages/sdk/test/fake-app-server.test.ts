import { SpawnTransport } from "@codex/app-server-protocol";
import { fakeAppServerCommand } from "@codex/app-server-testing";
import { CODEX_VERSION } from "@codex/runtime";
import { describe, expect, it, vi } from "vitest";
import { Codex, CodexAbortError, ProcessExitError, spawnTransport, type TurnEvent } from "../src/index.js";
import { FAKE_THREAD_ID, FAKE_TURN_ID, fakeThreadStart, fakeTurn } from "./support/fake-thread.js";

const T = 20_000;

/** A fake app-server that starts a turn, streams a little, then dies with exit code 3. */
function crashingServer() {
  const started = { threadId: FAKE_THREAD_ID, turn: fakeTurn };
  const delta = { threadId: FAKE_THREAD_ID, turnId: FAKE_TURN_ID, itemId: "msg_1", delta: "partial " };
  return fakeAppServerCommand({
    handlers: {
      "thread/start": { result: fakeThreadStart },
      "turn/start": {
        result: { turn: started.turn },
        after: [
          { notify: "turn/started", params: started },
          { notify: "item/agentMessage/delta", params: delta },
          { sleep: 50 },
          { crash: { exitCode: 3, stderr: "fatal: the fake app-server crashed mid-turn" } },
        ],
      },
    },
  });
}

describe("the app-server dies mid-turn", () => {
  it(
    "the turn's iterator and result() reject with ProcessExitError (exit code, stderr tail); nothing hangs",
    async () => {
      const command = crashingServer();
      await using codex = new Codex({
        transport: spawnTransport({ command: command.command, args: command.args, env: command.env }),
      });
      const thread = await codex.startThread();
      const turn = thread.turn("hello");
      const seen: TurnEvent["method"][] = [];
      const iterated = (async () => {
        for await (const event of turn) seen.push(event.method);
      })();
      const iterationError = (await iterated.catch((e: unknown) => e)) as ProcessExitError;
      const resultError = (await turn.result().catch((e: unknown) => e)) as ProcessExitError;
      expect(iterationError).toBeInstanceOf(ProcessExitError);
      expect(resultError).toBe(iterationError);
      expect(resultError.exitCode).toBe(3);
      expect(resultError.stderrTail).toContain("crashed mid-turn");
      expect(seen).toEqual(["turn/started", "item/agentMessage/delta"]);
      expect(turn.snapshot().text).toBe("partial ");
      // Later calls fail fast with the same cause instead of hanging.
      await expect(thread.run("again")).rejects.toBeInstanceOf(ProcessExitError);
    },
    T,
  );

  it(
    "a textStream reader waiting for the next delta is released too",
    async () => {
      const command = crashingServer();
      await using codex = new Codex({
        transport: spawnTransport({ command: command.command, args: command.args, env: command.env }),
      });
      const turn = (await codex.startThread()).turn("hello");
      const texts: string[] = [];
      const error = await (async () => {
        for await (const text of turn.textStream) texts.push(text);
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProcessExitError);
      expect(texts).toEqual(["partial "]);
    },
    T,
  );
});

describe("version skew", () => {
  it(
    "warns (once, through onWarning) when the server is not the pinned codex version",
    async () => {
      const command = fakeAppServerCommand({ initialize: { version: "0.150.0" } });
      const warnings: string[] = [];
      await using codex = new Codex({
        transport: spawnTransport({ command: command.command, args: command.args, env: command.env }),
        onWarning: (warning) => warnings.push(`${warning.kind}: ${warning.message}`),
      });
      await codex.start();
      expect(codex.serverVersion).toBe("0.150.0");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^versionMismatch: .*0\.150\.0/);
      expect(warnings[0]).toContain(CODEX_VERSION);
    },
    T,
  );
});

describe("close() after a start that was aborted mid-handshake", () => {
  it(
    "resolves only once the server process has exited",
    async () => {
      // A server that never answers initialize and takes 600 ms to exit once its stdin closes.
      const command = fakeAppServerCommand({
        handlers: { initialize: { noReply: true } },
        onStdinEnd: { delayMs: 600 },
      });
      const transport = new SpawnTransport({
        command: command.command,
        args: command.args,
        env: command.env,
      });
      const codex = new Codex({ transport });
      const aborting = new AbortController();
      const starting = codex.start({ signal: aborting.signal }).catch((error: unknown) => error);
      await vi.waitFor(() => expect(transport.pid).toBeDefined(), { timeout: 5_000 });
      const pid = transport.pid!;
      aborting.abort();
      expect(await starting).toBeInstanceOf(CodexAbortError);
      // Signal 0 only checks that the process exists. start() rejected at once; the server is still shutting down.
      expect(() => process.kill(pid, 0)).not.toThrow();
      await codex.close();
      expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    },
    T,
  );
});
