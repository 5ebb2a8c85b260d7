// The compatibility table for the codex binaries installed here, and where it lives.
import { join } from "node:path";
import { codexTargets } from "./codex-targets.js";
import { renderCompatibilityTable } from "./compat-table.js";
import { binaryMethodSets, pinnedMethodSets, protocolDelta } from "./protocol-delta.js";

export const REPO_ROOT = join(import.meta.dirname, "..", "..");
export const COMPATIBILITY_DOC = join(REPO_ROOT, "docs", "compatibility.md");

export function currentTable(): string {
  const targets = codexTargets();
  const previous = targets.find((target) => target.role === "previous");
  const pinned = pinnedMethodSets(REPO_ROOT);
  const previousSets = previous ? binaryMethodSets(previous.codexPath) : pinned;
  return renderCompatibilityTable(targets, protocolDelta(pinned, previousSets));
}
