import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fakeAppServerCommand, readFakeRecording } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { Codex, UnsupportedInputError } from "../src/index.js";
import { fakeThreadStart } from "./support/fake-thread.js";

const T = 20_000;

describe("an http(s) image URL in turn input", () => {
  it(
    "is refused locally with UnsupportedInputError: no turn/start reaches the server",
    async () => {
      const dir = await mkdtemp(join(tmpdir(), "sdk-image-input-"));
      try {
        const recordPath = join(dir, "sent.jsonl");
        const command = fakeAppServerCommand(
          { handlers: { "thread/start": { result: fakeThreadStart } } },
          { recordPath },
        );
        await using codex = new Codex({ transport: { type: "spawn", ...command } });
        const thread = await codex.startThread();
        const remote = { type: "image", url: "https://example.invalid/chart.png" } as const;
        expect(() => thread.turn(["What is in this chart?", remote])).toThrow(UnsupportedInputError);
        await expect(thread.run([remote])).rejects.toThrow(/Remote image URLs are not supported/);
        const sent = (await readFakeRecording(recordPath)) as { method?: string }[];
        expect(sent.map((message) => message.method)).toEqual(["initialize", "initialized", "thread/start"]);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
    T,
  );
});
