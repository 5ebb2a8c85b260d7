// Model providers: list the providers codex knows, read what the default one supports, and switch the
// default for new threads (written to config.toml). Offline, CODEX_HOME has the mock provider plus a
// `staging` gateway; live, the example only reads (it never rewrites your config.toml).
import { startExample } from "./support/example-env.js";

await using _example = await startExample({
  home: {
    config: {
      model_providers: {
        staging: { name: "Staging gateway", base_url: "http://127.0.0.1:9/v1", wire_api: "responses" },
      },
    },
  },
});

// #region providers
import { Codex } from "@codex/app-server-sdk";

const live = process.argv.includes("--live"); // live, only read: never rewrite your config.toml
const codex = new Codex();
try {
  const providers = await codex.listModelProviders();
  for (const provider of providers.data) {
    const mark = provider.id === providers.defaultProviderId ? "*" : " ";
    console.log(`${mark} ${provider.id} (${provider.name})`);
  }
  const { webSearch, imageGeneration } = await codex.modelProviderCapabilities();
  console.log(`default provider: web search ${webSearch}, image generation ${imageGeneration}`);
  if (!live && providers.canChangeDefault) {
    const written = await codex.setDefaultModelProvider("staging");
    console.log(`default is now staging (${written.status})`);
    await codex.setDefaultModelProvider(providers.defaultProviderId); // and back
  }
} finally {
  await codex.close();
}
// #endregion
