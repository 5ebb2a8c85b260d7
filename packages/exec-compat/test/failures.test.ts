import { reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { ExecCompatTurnError } from "../src/index.js";
import { type AnyCodex, collect, normalize, useCompatEnv } from "./support/compat-env.js";

const fx = useCompatEnv();

describe("failed turns", () => {
  it("stream error + turn.failed, then the stream throws; run() rejects with the turn's message", async () => {
    const thread = fx.compat().startThread({ workingDirectory: fx.env.workspace });
    fx.env.mock.enqueue(reply.responseFailed("mock failure"));
    const { events, error } = await collect((await thread.runStreamed("hi")).events);
    expect(events.slice(-2)).toEqual([
      { type: "error", message: "stream disconnected before completion: mock failure" },
      { type: "turn.failed", error: { message: "stream disconnected before completion: mock failure" } },
    ]);
    expect(error?.message).toMatch(/^Codex Exec exited with code 1: /);

    fx.env.mock.enqueue(reply.responseFailed("mock failure"));
    const rejection = await thread.run("again").catch((e: unknown) => e);
    expect(rejection).toBeInstanceOf(ExecCompatTurnError);
    expect((rejection as Error).message).toBe("stream disconnected before completion: mock failure");

    fx.env.mock.enqueue(reply.message("recovered"));
    expect((await thread.run("third")).finalResponse).toBe("recovered");
  });

  it("match @openai/codex-sdk: the same events and the same run() message for an HTTP error", async () => {
    const failOnce = async (codex: AnyCodex) => {
      fx.env.mock.enqueue(reply.httpError(500));
      const thread = codex.startThread({ workingDirectory: fx.env.workspace });
      const streamed = await collect((await thread.runStreamed("hi")).events);
      fx.env.mock.enqueue(reply.httpError(500));
      const message = await thread.run("again").then(
        () => "resolved",
        (e: Error) => e.message,
      );
      return { events: normalize(streamed.events, fx.env.workspace), message };
    };
    const ours = await failOnce(fx.compat());
    const original = await failOnce(fx.exec());
    expect(ours).toEqual(original);
    expect(ours.message).not.toBe("resolved");
  });
});

describe("resumeThread", () => {
  it("of an unknown thread id fails like codex exec resume; anything not an id starts a new thread", async () => {
    const missing = "01a21dec-83ea-7762-80c9-addceac9e20d";
    const codex = fx.compat();
    await expect(
      codex.resumeThread(missing, { workingDirectory: fx.env.workspace }).run("hi"),
    ).rejects.toThrow(
      `Error: thread/resume: thread/resume failed: no rollout found for thread id ${missing} (code -32600)`,
    );
    fx.env.mock.enqueue(reply.message("fresh"));
    const named = codex.resumeThread("not-an-id", { workingDirectory: fx.env.workspace });
    expect((await named.run("hi")).finalResponse).toBe("fresh");
    expect(named.id).not.toBe("not-an-id");
  });
});
