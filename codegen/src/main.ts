// Entry point of `pnpm codegen`, `pnpm codegen:check` and `pnpm schema:update`.
import { readSchemaSources } from "./load-schema.js";
import { manifestCountProblems } from "./protocol-counts.js";
import { readManifest } from "./schema-manifest.js";
import { updateSchemas } from "./schema-update.js";

/** The manifest's `counts` must be what the bundles give (1 and the differences when not). */
function checkManifestCounts(): number {
  const problems = manifestCountProblems(readManifest(), readSchemaSources());
  if (problems.length > 0) {
    console.error(`codegen:check: ${problems.join("\n")}`);
    return 1;
  }
  console.log("codegen:check: schemas/manifest.json counts match the bundles");
  return 0;
}

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case "schema:update": {
      const manifest = updateSchemas();
      console.log(`schemas/ regenerated from codex ${manifest.codexVersion}`);
      return 0;
    }
    case "generate":
      return (await import("./generate.js")).runCodegen("write");
    case "check": {
      const { runCodegen } = await import("./generate.js");
      const generated = await runCodegen("check");
      return Math.max(generated, checkManifestCounts());
    }
    default:
      console.error("usage: tsx src/main.ts <generate|check|schema:update>");
      return 2;
  }
}

process.exitCode = await main(process.argv[2]);
