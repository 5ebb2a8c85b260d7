// Rate limits: read what the account has left, follow codex's report after every model call, and wait
// for a window's reset before a turn when it is nearly spent. Offline, the mock model reports the limits
// in its response headers, as the Responses API does, and plays the ChatGPT backend that
// `codex.rateLimits()` reads, under a fake ChatGPT login in the temporary CODEX_HOME (nothing goes over
// the network). `--live` uses your own login: with an API key there is nothing to read.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { chatGptAuthJson, mockProviderConfig, reply, toToml } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

/** 2030-01-01T00:00:00Z, in Unix seconds. */
const NEXT_WEEK_RESET = 1_893_456_000;
const SOON = Math.ceil(Date.now() / 1000) + 2;

await using example = await startExample({
  script: (mock) => {
    mock.setAccountUsage({
      planType: "plus",
      primary: { usedPercent: 40, windowMinutes: 300, resetsAt: SOON },
      secondary: { usedPercent: 12, windowMinutes: 10_080, resetsAt: NEXT_WEEK_RESET },
    });
    mock.enqueue(
      reply.withRateLimits(reply.message("The README explains the SDK."), {
        primary: { usedPercent: 41, windowMinutes: 300, resetsAt: SOON },
        secondary: { usedPercent: 12, windowMinutes: 10_080, resetsAt: NEXT_WEEK_RESET },
      }),
      reply.withRateLimits(reply.message("There are nine packages."), {
        primary: { usedPercent: 95, windowMinutes: 300, resetsAt: SOON },
        secondary: { usedPercent: 13, windowMinutes: 10_080, resetsAt: NEXT_WEEK_RESET },
      }),
      reply.withRateLimits(reply.message("Done."), {
        primary: { usedPercent: 1, windowMinutes: 300, resetsAt: SOON + 18_000 },
        secondary: { usedPercent: 13, windowMinutes: 10_080, resetsAt: NEXT_WEEK_RESET },
      }),
    );
  },
});
if (example.mock && example.codexHome) {
  // The fake ChatGPT login, and the mock as its backend.
  await writeFile(join(example.codexHome, "auth.json"), chatGptAuthJson({ planType: "plus" }));
  const config = mockProviderConfig({
    mockUrl: example.mock.url,
    config: { chatgpt_base_url: example.mock.chatGptBaseUrl },
  });
  await writeFile(join(example.codexHome, "config.toml"), toToml(config));
}

// #region rate-limits
import { Codex, NotLoggedInError, type RateLimitSnapshot } from "@codex/app-server-sdk";

/** "59% left of 5 h, 88% left of 7 d": what a status bar shows. */
function remaining(limits: RateLimitSnapshot): string {
  const windows = [limits.primary, limits.secondary].flatMap((window) => (window ? [window] : []));
  if (windows.length === 0) return "not reported";
  const span = (minutes: number | null | undefined) =>
    !minutes ? "?" : minutes % 1440 === 0 ? `${minutes / 1440} d` : `${minutes / 60} h`;
  return windows.map((w) => `${100 - w.usedPercent}% left of ${span(w.windowDurationMins)}`).join(", ");
}

/** Waits for the reset of every window that is at least `threshold` percent used. */
async function backOff(limits: RateLimitSnapshot | undefined, threshold = 90): Promise<void> {
  for (const window of [limits?.primary, limits?.secondary]) {
    if (!window?.resetsAt || window.usedPercent < threshold) continue;
    console.log(`backing off: ${window.usedPercent}% used, waiting for the window to reset`);
    const waitMs = window.resetsAt * 1000 - Date.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

const codex = new Codex();
// Every report codex sends, from now until the client closes (a slow reader keeps only the newest).
const following = (async () => {
  for await (const { rateLimits } of codex.rateLimitUpdates()) {
    console.log(`update (${rateLimits.limitId}): ${remaining(rateLimits)}`);
  }
})();
try {
  try {
    const { rateLimits } = await codex.rateLimits(); // from the ChatGPT backend: a ChatGPT login only
    console.log(`read (${rateLimits.planType} plan): ${remaining(rateLimits)}`);
  } catch (error) {
    if (!(error instanceof NotLoggedInError)) throw error;
    console.log("read: needs a ChatGPT login; following the turns' reports only");
  }
  const thread = await codex.startThread({ sandbox: "read-only" });
  for (const prompt of ["What is this repo?", "How many packages?", "Say done."]) {
    await backOff(codex.lastRateLimits);
    const { finalResponse } = await thread.run(prompt);
    console.log(`turn: ${finalResponse}`);
  }
} finally {
  await codex.close(); // ends the updates loop
  await following;
}
// #endregion
