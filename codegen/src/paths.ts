import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root (codegen/ sits directly below it). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const schemasDir = join(repoRoot, "schemas");
export const manifestPath = join(schemasDir, "manifest.json");
/** Where the generator writes (packages/protocol/src/generated). */
export const generatedDir = join(repoRoot, "packages", "protocol", "src", "generated");
