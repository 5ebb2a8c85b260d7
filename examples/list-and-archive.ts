// List stored threads (one page, or all pages with for-await), name them, archive and unarchive.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  script: (mock) => mock.enqueue(reply.message("First answer."), reply.message("Second answer.")),
});

// #region list-and-archive
import { Codex } from "@codex/app-server-sdk";

const codex = new Codex();
try {
  const first = await codex.startThread();
  await first.run("First question");
  await first.setName("release notes");
  const second = await codex.startThread();
  await second.run("Second question");
  const ours = new Set([first.id, second.id]);

  const page = await codex.listThreads({ limit: 20 }); // newest first; page.nextCursor for the next page
  for (const info of page.data.filter((t) => ours.has(t.id))) {
    console.log(`listed:   ${info.name ?? info.preview}`);
  }

  await codex.archiveThread(second.id);
  for await (const info of codex.threads({ archived: true })) {
    if (ours.has(info.id)) console.log(`archived: ${info.name ?? info.preview}`);
  }
  await second.unarchive();
  const active = (await codex.listThreads()).data.filter((t) => ours.has(t.id));
  console.log(`active again: ${active.length} of 2`);
} finally {
  await codex.close();
}
// #endregion
