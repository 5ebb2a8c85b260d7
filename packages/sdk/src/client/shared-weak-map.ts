/**
 * A WeakMap shared by every copy of the module that asks for it by `key`. The SDK's entry is bundled on
 * its own, apart from the engine it loads later (scripts/bundle-package.mjs), so a module both include
 * exists twice; state that one copy writes and the other reads (a tool's runtime, a policy's decision
 * note) lives here, on the global object, instead of in the module.
 */
export function sharedWeakMap<K extends object, V>(key: string): WeakMap<K, V> {
  return sharedGlobal(key, () => new WeakMap<K, V>());
}

/** The value every copy of a module shares under `key`, made by `create` for the first that asks. */
export function sharedGlobal<T>(key: string, create: () => T): T {
  const slot = Symbol.for(`@codex/app-server-sdk/${key}`);
  const global = globalThis as { [slot]?: T };
  global[slot] ??= create();
  return global[slot];
}
