import type { SharedServerOptions } from "../../src/client/shared-server/options.js";
import { Codex } from "../../src/index.js";

/** A client on the shared server through the public options: codex settings at the top, the rest in `transport`. */
export function sharedCodex(spec: SharedServerOptions): Codex {
  const { codexPath, env, inheritEnv, apiKey, config, cwd, ...settings } = spec;
  return new Codex({
    ...(codexPath !== undefined && { codexPath }),
    ...(env !== undefined && { env }),
    ...(inheritEnv !== undefined && { inheritEnv }),
    ...(apiKey !== undefined && { apiKey }),
    ...(config !== undefined && { config }),
    ...(cwd !== undefined && { cwd }),
    transport: { type: "shared", ...settings },
  });
}
