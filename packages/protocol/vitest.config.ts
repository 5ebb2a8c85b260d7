import { fileURLToPath } from "node:url";
import { mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// @codex/app-server-testing depends on this package (its transports implement our Transport), so this
// package cannot list it as a devDependency without a cycle in the build graph: tests reach its sources directly.
const testing = fileURLToPath(new URL("../testing/src/index.ts", import.meta.url));

export default mergeConfig(shared, { resolve: { alias: { "@codex/app-server-testing": testing } } });
