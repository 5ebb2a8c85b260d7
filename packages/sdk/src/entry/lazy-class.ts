import { type EngineModule, loadedEngine } from "./engine-loader.js";

type EngineClassName = "FileWatch" | "GoalHandle" | "ReviewHandle" | "Thread" | "TurnHandle";

/**
 * The exported value of a class that only the engine makes (a Thread comes from `startThread()`, a
 * TurnHandle from `thread.turn()`): defined at import, so `x instanceof Thread` works at any time (false
 * until the engine has loaded, as no such object exists before), without compiling the class itself.
 * Typed as the real class; constructing one directly was never supported and throws.
 */
export function lazyClass<Name extends EngineClassName>(name: Name): EngineModule[Name] {
  const shell = {
    [name]: class {
      constructor() {
        throw new TypeError(`${name} is made by the SDK (e.g. codex.startThread()), not with new.`);
      }

      static [Symbol.hasInstance](value: unknown): boolean {
        const real = loadedEngine()?.[name];
        return real !== undefined && value instanceof real;
      }
    },
  }[name];
  return shell as unknown as EngineModule[Name];
}
