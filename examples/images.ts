// Images with text: a local file and an inline data URL in the same turn.
import { writeFile } from "node:fs/promises";
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using example = await startExample({
  script: (mock) => mock.enqueue(reply.message("Two images: a one-pixel PNG and an inline chart.")),
});
// A 1×1 PNG, so the example needs no asset.
const PIXEL_PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
await writeFile("screenshot.png", Buffer.from(PIXEL_PNG, "base64"));
await writeFile("chart.png", Buffer.from(PIXEL_PNG, "base64"));

// #region images
import { readFile } from "node:fs/promises";
import { Codex, inputPart } from "@codex/app-server-sdk";

const chart = (await readFile("chart.png")).toString("base64");
const codex = new Codex();
try {
  const thread = await codex.startThread();
  const result = await thread.run([
    "What do these two images show?",
    inputPart.localImage("screenshot.png"), // read by codex from disk (relative to the thread's cwd)
    inputPart.imageUrl(`data:image/png;base64,${chart}`), // codex 0.169 takes data URLs only, not http(s)
  ]);
  console.log(result.finalResponse);
} finally {
  await codex.close();
}
// #endregion

if (example.mock) {
  // What codex sent the model: the text and both images.
  const input = (example.mock.requests[0]?.body?.input ?? []) as {
    content?: { type: string; image_url?: string }[];
  }[];
  const images = input
    .flatMap((message) => message.content ?? [])
    .filter((part) => part.type === "input_image");
  for (const image of images) console.log(`sent input_image: ${image.image_url?.slice(0, 22)}…`);
}
