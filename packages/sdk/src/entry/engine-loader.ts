import type * as Engine from "../engine.js";

/** The engine module: the client, threads, turns and everything behind them. */
export type EngineModule = typeof Engine;

let loading: Promise<EngineModule> | undefined;
let loaded: EngineModule | undefined;

/**
 * Loads the engine (once): the entry's facades call this on first use, so `import "@codex/app-server-sdk"`
 * compiles none of it (`pnpm bench:import`). A plain `import()`, so bundlers split it into its own chunk.
 */
export function loadEngine(): Promise<EngineModule> {
  loading ??= import("../engine.js").then((engine) => {
    loaded = engine;
    return engine;
  });
  return loading;
}

/** The engine if it has loaded, else undefined (for what must answer synchronously). */
export function loadedEngine(): EngineModule | undefined {
  return loaded;
}
