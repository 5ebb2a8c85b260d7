import type { ConnectionWarning, ConnectOptions, SpawnOptions, Transport } from "@codex/app-server-protocol";
import { isTransport, unixSocketTransport, webSocketTransport } from "@codex/app-server-protocol/light";
import type { ConfigObject } from "../thread-options.js";
import type { CodexOptions, SharedServerTransportOptions } from "./codex-options.js";
import { sharedServerTransport } from "./shared-server/shared-server-transport.js";

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
  if (option?.type === "shared") return sharedServerTransport(sharedServerOptionsFor(options, option));
  const spawn = option?.type === "spawn" ? option : undefined;
  const env = spawn?.env ?? options.env;
  const cwd = spawn?.cwd ?? options.cwd;
  const config = configFor(options);
  return {
    ...(options.codexPath !== undefined && { codexPath: options.codexPath }),
    ...(spawn?.command !== undefined && { command: spawn.command }),
    ...(spawn?.args !== undefined && { args: spawn.args }),
    ...(config && { config }),
    ...(env !== undefined && { env: { ...env } }),
    ...(options.inheritEnv !== undefined && { inheritEnv: options.inheritEnv }),
    ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
    ...(cwd !== undefined && { cwd }),
    ...(options.stderr !== undefined && { stderr: options.stderr }),
  };
}

/** The client's codex settings, for the shared server it may have to start. */
function sharedServerOptionsFor(options: CodexOptions, shared: SharedServerTransportOptions) {
  const { type: _type, ...settings } = shared;
  const config = configFor(options);
  return {
    ...settings,
    ...(options.codexPath !== undefined && { codexPath: options.codexPath }),
    ...(config && { config }),
    ...(options.env !== undefined && { env: { ...options.env } }),
    ...(options.inheritEnv !== undefined && { inheritEnv: options.inheritEnv }),
    ...(options.apiKey !== undefined && { apiKey: options.apiKey }),
    ...(options.cwd !== undefined && { cwd: options.cwd }),
  };
}

/** `config` plus `baseUrl` as codex config overrides, or undefined when there are none. */
function configFor(options: CodexOptions): Record<string, unknown> | undefined {
  const config: ConfigObject = {
    ...options.config,
    // The built-in OpenAI provider reads its base URL from this key.
    ...(options.baseUrl !== undefined && { openai_base_url: options.baseUrl }),
  };
  return Object.keys(config).length > 0 ? (config as Record<string, unknown>) : undefined;
}
