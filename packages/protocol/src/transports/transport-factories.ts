import { LazyTransport } from "./lazy-transport.js";
import type { SpawnOptions, SpawnTransport } from "./spawn-transport.js";
import type { Transport } from "./transport.js";
import type {
  UnixSocketTransportOptions,
  WebSocketTransport,
  WebSocketTransportOptions,
} from "./websocket-transport.js";

// The transport factories of both entries. Each returns at once and loads its implementation on `start()`
// from the package's main entry (by its own name, so a bundle that inlines the light entry, as the SDK's
// entry does, still loads the one copy of the transports the connection uses).

/** The transport classes, from the package's main entry. */
function transports(): Promise<{
  readonly SpawnTransport: typeof SpawnTransport;
  readonly WebSocketTransport: typeof WebSocketTransport;
}> {
  return import("@codex/app-server-protocol");
}

/** Spawns `codex app-server` and speaks JSONL over its stdio. */
export function spawnTransport(options: SpawnOptions = {}): Transport {
  return new LazyTransport(async () => new (await transports()).SpawnTransport(options));
}

/** Connects to an app-server already listening on a WebSocket (one JSON-RPC message per text frame). */
export function webSocketTransport(options: WebSocketTransportOptions): Transport {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  return new LazyTransport(
    async () => new (await transports()).WebSocketTransport(options.url, headers, options),
  );
}

/** Connects to `codex app-server --listen unix://PATH`: the same WebSocket protocol, over the socket file. */
export function unixSocketTransport(options: UnixSocketTransportOptions): Transport {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  const url = `ws+unix://${options.path}:/`;
  return new LazyTransport(async () => new (await transports()).WebSocketTransport(url, headers, options));
}
