/**
 * The generated wire types the connection is typed by, imported in one place (generated code is only
 * reached through hand-written modules).
 */
import type {
  CamelServerNotificationMap,
  ClientRequestMap,
  ExperimentalClientRequestMap,
  ServerNotificationMap,
  ServerNotificationMethod,
  ServerRequestMap,
  ServerRequestMethod,
} from "./generated/index.js";

export type {
  ClientRequestMap,
  ClientRequestMethod,
  ExperimentalClientRequestMap,
  ExperimentalClientRequestMethod,
  ExperimentalServerRequestMap,
  ExperimentalServerRequestMethod,
  InitializeParams,
  InitializeResponse,
  ServerNotificationMap,
  ServerNotificationMethod,
  ServerRequestMap,
  ServerRequestMethod,
} from "./generated/index.js";

/** Either request map: the stable one, or the superset that needs `experimentalApi: true`. */
export type AnyClientRequestMap = ClientRequestMap | ExperimentalClientRequestMap;

/**
 * A notification as it arrives: `emittedAtMs` sits beside `method`, outside `params`. Without a type
 * argument, a union discriminated by `method`.
 */
export type ServerNotificationEnvelope<M extends ServerNotificationMethod = ServerNotificationMethod> = {
  [K in M]: {
    method: K;
    params: ServerNotificationMap[K];
    /** Unix time (ms) when app-server emitted the notification. */
    emittedAtMs?: number;
  };
}[M];

/** The camelCase twin of {@link ServerNotificationEnvelope}. */
export type CamelServerNotificationEnvelope<M extends ServerNotificationMethod = ServerNotificationMethod> = {
  [K in M]: { method: K; params: CamelServerNotificationMap[K]; emittedAtMs?: number };
}[M];

/**
 * A server notification as it arrives: `method`, `params`, and codex's top-level `emittedAtMs`.
 * Discriminated by `method`. Catch-all handlers also receive methods newer than these types.
 */
export type NotificationEnvelope<M extends ServerNotificationMethod = ServerNotificationMethod> = {
  [K in M]: { readonly method: K; readonly params: ServerNotificationMap[K]; readonly emittedAtMs?: number };
}[M];

/** Wire params of a server request method (the SDK's `ServerRequestParams` is the camelCase twin). */
export type WireServerRequestParams<M extends ServerRequestMethod> = ServerRequestMap[M]["params"];
/** What a connection-level handler returns for a server request method, as wire data. */
export type WireServerRequestResult<M extends ServerRequestMethod> = ServerRequestMap[M]["result"];
