import { defineConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

// As the shared config, without the "module" condition: it sends @opentelemetry/* to their bundler-only
// ESM builds (extensionless imports Node cannot load when Vite externalizes them).
const conditions = ["source", "import", "node", "default"];

export default defineConfig({
  ...shared,
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["source"] } },
});
