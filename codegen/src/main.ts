// Entry point of `pnpm codegen`, `pnpm codegen:check` and `pnpm schema:update`.
import { updateSchemas } from "./schema-update.js";

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case "schema:update": {
      const manifest = updateSchemas();
      console.log(`schemas/ regenerated from codex ${manifest.codexVersion}`);
      return 0;
    }
    case "generate":
    case "check": {
      const { runCodegen } = await import("./generate.js");
      return runCodegen(command === "check" ? "check" : "write");
    }
    default:
      console.error("usage: tsx src/main.ts <generate|check|schema:update>");
      return 2;
  }
}

process.exitCode = await main(process.argv[2]);
