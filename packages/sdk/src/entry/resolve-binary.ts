import { createRequire } from "node:module";
import {
  type ResolveBinaryOptions,
  type ResolvedBinary,
  resolveCodexBinary as resolveFromRuntime,
} from "@codex/runtime";

/**
 * The pinned codex binary, looked up as a default `new Codex()` does (for servers you start yourself).
 * The SDK's entry bundles a copy of the runtime's resolver, so by default it looks the platform package up
 * from where `@codex/runtime` is installed (its dependency), as the runtime itself does, not from here.
 */
export function resolveCodexBinary(options: ResolveBinaryOptions = {}): ResolvedBinary {
  const lookupFrom = options.lookupFrom ?? runtimeManifest();
  return resolveFromRuntime(lookupFrom === undefined ? options : { ...options, lookupFrom });
}

/** `@codex/runtime`'s package.json, or undefined where it cannot be resolved (an app bundled whole). */
function runtimeManifest(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve("@codex/runtime/package.json");
  } catch {
    return undefined;
  }
}
