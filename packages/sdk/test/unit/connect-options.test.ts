import { describe, expect, it } from "vitest";
import { connectOptionsFor } from "../../src/client/connect-options.js";

describe("connectOptionsFor: the spawn transport option", () => {
  it("without a command, passes extra args to codex app-server and keeps the client's codexPath and config", () => {
    const { transport } = connectOptionsFor(
      {
        codexPath: "/opt/codex",
        config: { model: "m" },
        cwd: "/client-cwd",
        transport: { type: "spawn", args: ["--listen", "stdio://"] },
      },
      undefined,
      () => {},
    );
    expect(transport).toEqual({
      codexPath: "/opt/codex",
      args: ["--listen", "stdio://"],
      config: { model: "m" },
      cwd: "/client-cwd",
    });
  });

  it("with a command, its env and cwd take the place of the client's", () => {
    const { transport } = connectOptionsFor(
      {
        env: { FROM_CLIENT: "1" },
        cwd: "/client-cwd",
        apiKey: "sk-test",
        transport: {
          type: "spawn",
          command: "/usr/bin/node",
          args: ["fake.mjs"],
          env: { A: "b" },
          cwd: "/cmd-cwd",
        },
      },
      undefined,
      () => {},
    );
    expect(transport).toEqual({
      command: "/usr/bin/node",
      args: ["fake.mjs"],
      env: { A: "b" },
      apiKey: "sk-test",
      cwd: "/cmd-cwd",
    });
  });
});
