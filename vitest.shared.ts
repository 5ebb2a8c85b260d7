import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources through the "source" export condition,
// so tests and typechecks need no build step. Tests run in Vite's SSR environment, which reads
// `ssr.resolve`, so both are set.
const conditions = ["source", "import", "module", "node", "default"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ["source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report feeds scripts/test-summary.mjs, which prints the run's closing count.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
  },
});
