import type { ConnectionWarning, ConnectOptions, SpawnOptions, Transport } from "@codex/app-server-protocol";
import { isTransport, unixSocketTransport, webSocketTransport } from "@codex/app-server-protocol/light";
import type { ConfigObject } from "../thread-options.js";
import type { CodexOptions } from "./codex-options.js";

/** The protocol's connect() options for these client options. */
export function connectOptionsFor(
  options: CodexOptions,
  signal: AbortSignal | undefined,
  onWarning: (warning: ConnectionWarning) => void,
): ConnectOptions {
  return {
    transport: transportFor(options),
    experimentalApi: !!options.experimentalApi,
    ...(options.clientInfo && { clientInfo: options.clientInfo }),
    ...(options.optOutNotificationMethods && {
      optOutNotificationMethods: options.optOutNotificationMethods,
    }),
    ...(options.requestTimeoutMs !== undefined && { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.maxInFlight !== undefined && { maxInFlight: options.maxInFlight }),
    ...(options.retry && { retry: options.retry }),
    ...(options.validate && { validate: options.validate }),
    ...(options.versionCheck && { versionCheck: options.versionCheck }),
    ...(signal && { signal }),
    onWarning,
  };
}

/** A ready transport for socket options; spawn options (binary or command, config flags, env) otherwise. */
function transportFor(options: CodexOptions): Transport | SpawnOptions {
  const option = options.transport;
  if (option && isTransport(option)) return option;
  if (option?.type === "websocket") return webSocketTransport(option);
  if (option?.type === "unix") return unixSocketTransport(option);
  const spawn = option?.type === "spawn" ? option : undefined;
  const env = spawn?.env ?? options.env;
  const cwd = spawn?.cwd ?? options.cwd;
  const config: ConfigObject = {
    ...options.config,
    // The built-in OpenAI provider reads its base URL from this key.
    ...(options.baseUrl !== undefined && { openai_base_url: options.baseUrl }),
  };
  return {
    ...(options.codexPath !== undefined && { codexPath: options.codexPath }),
    ...(spawn?.command !== undefined && { command: spawn.command }),
    ...(spawn?.args !== undefined && { args: spawn.args }),
    ...(Object.keys(config).length > 0 && { config: config as Record<string, unknown> }),
    ...(env !== undefined && { env: { ...env } }),
    ...(options.inheritEnv !== undefined && { inheritEnv: options.inheritEnv }),
    ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
    ...(cwd !== undefined && { cwd }),
    ...(options.stderr !== undefined && { stderr: options.stderr }),
  };
}
