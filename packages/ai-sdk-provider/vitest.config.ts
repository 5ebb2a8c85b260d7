import { mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// The shared config resolves externals with the "source" condition (for our workspace packages), and
// eventsource-parser (used by the AI SDK) has a "source" export pointing at TypeScript Node cannot load.
// Letting Vite transform the AI SDK and that parser resolves it as TypeScript it can compile.
export default mergeConfig(shared, {
  test: { server: { deps: { inline: ["ai", /@ai-sdk\//, "eventsource-parser"] } } },
});
