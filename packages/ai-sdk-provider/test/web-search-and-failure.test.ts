import { reply } from "@codex/app-server-testing";
import { generateText, streamText } from "ai";
import { describe, expect, it } from "vitest";
import { CODEX_TOOL_NAMES } from "../src/index.js";
import { useProviderFixture } from "./support/provider-fixture.js";

const T = 60_000;
const fx = useProviderFixture(T);

describe("web searches and failures", () => {
  it(
    "a web search the model ran shows up as a provider-executed tool call and result",
    async () => {
      fx.env.mock.enqueue(
        reply.turn([
          reply.webSearch("codex app-server protocol", { id: "ws_1" }),
          reply.message("Found it."),
        ]),
      );
      const result = streamText({
        model: fx.codex("default", { threadOptions: { webSearch: "live" } }),
        prompt: "Search the web",
      });
      const parts = [];
      for await (const part of result.fullStream) parts.push(part);
      const call = parts.find((p) => p.type === "tool-call" && p.toolName === CODEX_TOOL_NAMES.webSearch);
      const done = parts.find((p) => p.type === "tool-result" && p.toolName === CODEX_TOOL_NAMES.webSearch);
      expect(call).toMatchObject({ providerExecuted: true, input: { query: "codex app-server protocol" } });
      expect(done).toMatchObject({ providerExecuted: true, output: { query: "codex app-server protocol" } });
      expect(await result.text).toBe("Found it.");
    },
    T,
  );

  it(
    "a failed turn rejects generateText with the SDK's TurnFailedError",
    async () => {
      fx.env.mock.enqueue(reply.responseFailed("the model fell over"));
      const error = await generateText({ model: fx.codex(), prompt: "fail" }).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).toMatchObject({ name: "TurnFailedError" });
      expect(String((error as Error).message)).toMatch(/failed/);
    },
    T,
  );
});
