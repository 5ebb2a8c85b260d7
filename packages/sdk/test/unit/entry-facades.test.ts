import { resolveCodexBinary as resolveFromRuntime } from "@codex/runtime";
import { describe, expect, it } from "vitest";
import { CodexClient } from "../../src/client/codex.js";
import { loadEngine, loadedEngine } from "../../src/entry/engine-loader.js";
import {
  Codex,
  CommandHandle,
  CommandInputError,
  FileSystem,
  FileWatch,
  GoalHandle,
  ReviewHandle,
  resolveCodexBinary,
  Thread,
  TurnHandle,
} from "../../src/index.js";

// The entry's facades (src/entry/) before and after the engine loads; no app-server is started.
describe("the SDK entry's facades", () => {
  it("answers synchronously before the engine is there, as the engine's client does", async () => {
    const codex = new Codex();
    expect(codex.fs).toBeInstanceOf(FileSystem);
    expect(() => codex.exec([])).toThrow(CommandInputError);
    expect(codex.serverVersion).toBeUndefined();
    expect(codex.connection).toBeUndefined();
    expect(codex.stderrTail()).toBe("");
    expect(codex.lastRateLimits).toBeUndefined();
    expect(codex.lastRateLimitsByLimitId.size).toBe(0);
    const stop = codex.onAnyNotification(() => {});
    stop();
    // The same api methods as the engine's client, from the same generated list.
    expect(Object.keys(codex.api).sort()).toEqual(Object.keys(new CodexClient().api).sort());
    await codex.close();
    expect(loadedEngine()?.CodexClient).toBe(CodexClient);
  });

  it("exports the engine's classes as shells: instanceof asks the engine's class, new throws", async () => {
    const engine = await loadEngine();
    for (const [shell, real] of [
      [Thread, engine.Thread],
      [TurnHandle, engine.TurnHandle],
      [GoalHandle, engine.GoalHandle],
      [ReviewHandle, engine.ReviewHandle],
      [FileWatch, engine.FileWatch],
    ] as const) {
      expect(shell).not.toBe(real);
      expect(shell.name).toBe(real.name);
      expect({} instanceof shell).toBe(false);
      expect(Object.create(real.prototype) instanceof shell).toBe(true);
      expect(() => new (shell as unknown as new () => unknown)()).toThrow(TypeError);
    }
    // A ReviewHandle is a TurnHandle, through the shells too.
    expect(Object.create(engine.ReviewHandle.prototype) instanceof TurnHandle).toBe(true);
  });

  it("hands out a CommandHandle facade with its process id at once", async () => {
    const codex = new Codex({ transport: { type: "spawn", command: process.execPath, args: ["-e", ""] } });
    const command = codex.exec(["true"]);
    expect(command).toBeInstanceOf(CommandHandle);
    expect(command.processId).toMatch(/^sdk-exec-\d+-\d+$/);
    expect(command.status).toBe("running");
    // The fake "server" exits at once: the command's result rejects, it does not hang.
    await expect(command.result()).rejects.toThrow();
    await codex.close();
  });

  it("resolves the same codex as the runtime: the platform package is looked up from the runtime's install", () => {
    const options = { env: {}, searchPath: false } as const;
    const fromEntry = resolveCodexBinary(options);
    expect(fromEntry).toEqual(resolveFromRuntime(options));
    expect(fromEntry.source).toBe("platform-package");
  });
});
