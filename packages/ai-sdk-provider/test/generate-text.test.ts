import { inputTexts, reply, requestThreadId } from "@codex/app-server-testing";
import { createProviderRegistry, generateText, NoSuchModelError } from "ai";
import { describe, expect, it } from "vitest";
import { InvalidProviderOptionsError, ProviderClosedError } from "../src/index.js";
import { useProviderFixture } from "./support/provider-fixture.js";

const T = 60_000;
const fx = useProviderFixture(T);

describe("generateText", () => {
  it(
    "runs one codex turn: text, usage, finish reason and the thread id",
    async () => {
      fx.env.mock.enqueue(
        reply.turn([reply.reasoning("Thinking about greetings"), reply.message("Hello from codex")], {
          responseId: "resp_gen",
        }),
      );
      const result = await generateText({ model: fx.codex(), prompt: "Say hello" });
      expect(result.text).toBe("Hello from codex");
      expect(result.reasoningText).toBe("Thinking about greetings");
      expect(result.finishReason).toBe("stop");
      expect(result.usage.inputTokens).toBe(10);
      expect(result.usage.outputTokens).toBe(5);
      expect(result.usage.totalTokens).toBe(15);
      const threadId = threadIdOf(result.providerMetadata);
      expect(threadId).toMatch(/\S/);
      const [request] = fx.env.mock.requests.slice(-1);
      expect(request && inputTexts(request).at(-1)).toBe("Say hello");
      expect(request && requestThreadId(request)).toBe(threadId);
    },
    T,
  );

  it(
    "a two-message conversation continues one codex thread and sends only the new message",
    async () => {
      const before = fx.env.mock.requests.length;
      fx.env.mock.enqueue(reply.message("Nice to meet you, Ada."), reply.message("Your name is Ada."));
      const model = fx.codex();
      const first = await generateText({
        model,
        system: "You are terse.",
        messages: [{ role: "user", content: "My name is Ada." }],
      });
      const second = await generateText({
        model,
        system: "You are terse.",
        messages: [
          { role: "user", content: "My name is Ada." },
          ...first.response.messages,
          { role: "user", content: "What is my name?" },
        ],
      });
      expect(second.text).toBe("Your name is Ada.");
      const [firstRequest, secondRequest] = fx.env.mock.requests.slice(before);
      if (!firstRequest || !secondRequest) throw new Error("expected two model requests");
      // One thread: codex sends the same cache key, and its own history carries the first exchange.
      expect(requestThreadId(secondRequest)).toBe(requestThreadId(firstRequest));
      expect(inputTexts(secondRequest, "assistant")).toContain("Nice to meet you, Ada.");
      // The first user message is there once (codex's history), not re-sent as a transcript.
      const userTexts = inputTexts(secondRequest).filter(
        (text) => text.includes("Ada") || text.includes("name"),
      );
      expect(userTexts).toEqual(["My name is Ada.", "What is my name?"]);
      const ids = [first, second].map((r) => threadIdOf(r.providerMetadata));
      expect(ids[0]).toBe(ids[1]);
    },
    T,
  );

  it(
    "providerOptions.codex.threadId continues a thread after a restart (another app-server)",
    async () => {
      fx.env.mock.enqueue(reply.message("Stored fact: blue."), reply.message("It was blue."));
      const before = fx.newProvider();
      const first = await generateText({ model: before(), prompt: "Remember: blue." });
      const threadId = threadIdOf(first.providerMetadata);
      // Codex lets one app-server write a thread at a time: the first one goes away, as in a restart.
      await before.close();
      const restarted = fx.newProvider();
      const second = await generateText({
        model: restarted(),
        prompt: "Which colour?",
        providerOptions: { codex: { threadId } },
      });
      expect(second.text).toBe("It was blue.");
      const last = fx.env.mock.requests.at(-1);
      if (!last) throw new Error("no request");
      expect(requestThreadId(last)).toBe(threadId);
      expect(inputTexts(last, "assistant")).toContain("Stored fact: blue.");
      await restarted.close();
    },
    T,
  );

  it(
    "providerOptions.codex.conversationId keys one thread without any history",
    async () => {
      const before = fx.env.mock.requests.length;
      fx.env.mock.enqueue(reply.message("one"), reply.message("two"));
      const model = fx.codex();
      const options = { providerOptions: { codex: { conversationId: "chat-42" } } };
      await generateText({ model, prompt: "first", ...options });
      await generateText({ model, prompt: "second", ...options });
      const [a, b] = fx.env.mock.requests.slice(before);
      expect(a && requestThreadId(a)).toBe(b && requestThreadId(b));
    },
    T,
  );

  it(
    "is a ProviderV4: usable from a provider registry, and has no embedding or image models",
    async () => {
      fx.env.mock.enqueue(reply.message("via the registry"));
      const registry = createProviderRegistry({ codex: fx.codex });
      const result = await generateText({ model: registry.languageModel("codex:default"), prompt: "hi" });
      expect(result.text).toBe("via the registry");
      expect(() => fx.codex.embeddingModel("x")).toThrow(NoSuchModelError);
    },
    T,
  );

  it(
    "all models of a provider share one Codex client and one app-server; close() stops it",
    async () => {
      fx.env.mock.enqueue(reply.message("one"), reply.message("two"));
      const provider = fx.newProvider();
      const client = provider.client;
      await generateText({ model: provider(), prompt: "a" });
      const connection = client.connection;
      expect(connection).toBeDefined();
      await generateText({ model: provider("mock-model"), prompt: "b" });
      expect(provider.client).toBe(client);
      expect(client.connection).toBe(connection);
      await provider.close();
      await expect(client.startThread()).rejects.toThrow();
    },
    T,
  );

  it("bad provider options and a closed provider fail with typed errors", async () => {
    await expect(
      generateText({ model: fx.codex(), prompt: "x", providerOptions: { codex: { threadId: 42 } } }),
    ).rejects.toBeInstanceOf(InvalidProviderOptionsError);
    const provider = fx.newProvider();
    await provider.close();
    await expect(generateText({ model: provider(), prompt: "x" })).rejects.toBeInstanceOf(
      ProviderClosedError,
    );
  });
});

/** The codex thread id the provider reports in `providerMetadata.codex`. */
function threadIdOf(metadata: Record<string, Record<string, unknown>> | undefined): string {
  const threadId = metadata?.codex?.threadId;
  if (typeof threadId !== "string") throw new Error("no providerMetadata.codex.threadId");
  return threadId;
}
