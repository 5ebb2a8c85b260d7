// Run the SDK on a codex binary of your own (codexPath), refusing versions this release does not support.
import { reply } from "@codex/app-server-testing";
import { startExample } from "./support/example-env.js";

await using example = await startExample({
  script: (mock) => mock.enqueue(reply.message("Hi from your codex.")),
});
process.env.MY_CODEX = example.codexPath; // offline: the pinned binary stands in for "your own"

// #region bring-your-own-codex
import { CODEX_VERSION, Codex } from "@codex/app-server-sdk";

const codex = new Codex({
  codexPath: process.env.MY_CODEX ?? "/usr/local/bin/codex",
  versionCheck: "strict", // reject a codex outside the supported versions (docs/compatibility.md)
});
try {
  await codex.start();
  console.log(`codex ${codex.serverVersion} (types generated from ${CODEX_VERSION})`);
  const thread = await codex.startThread();
  console.log((await thread.run("Say hi.")).finalResponse);
} finally {
  await codex.close();
}
// #endregion bring-your-own-codex
