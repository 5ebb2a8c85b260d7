import { reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { useFixture } from "./support/codex-fixture.js";

const T = 60_000;
const fx = useFixture(T);

describe("the test harness's quiet HOME (real binary)", () => {
  it(
    "codex's login shells run with the empty HOME inside the CODEX_HOME, so no ~/.bashrc is sourced",
    async () => {
      fx.env.mock.enqueue(reply.execCommand('echo "home=$HOME"; ls -A "$HOME"'), reply.message("done"));
      const thread = await fx.codex.startThread({ cwd: fx.env.workspace, approvalPolicy: "never" });
      const result = await thread.run("where is home");
      const command = result.items.find((item) => item.type === "commandExecution");
      expect(command).toMatchObject({ status: "completed", exitCode: 0 });
      const home = fx.env.home.env.HOME;
      expect(home).toBe(`${fx.env.home.path}/home`);
      // Only what codex itself may put there; no shell profile.
      const listed = (command?.type === "commandExecution" ? (command.aggregatedOutput ?? "") : "").split(
        "\n",
      );
      expect(listed[0]).toBe(`home=${home}`);
      expect(listed.slice(1).filter((name) => /^\.(bashrc|bash_profile|profile)$/.test(name))).toEqual([]);
    },
    T,
  );
});
