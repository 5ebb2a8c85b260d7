/**
 * The generated wire types the connection is typed by, imported in one place (generated code is only
 * reached through hand-written modules).
 */
import type {
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
  ServerNotificationEnvelope,
  ServerNotificationMap,
  ServerNotificationMethod,
  ServerRequestMap,
  ServerRequestMethod,
} from "./generated/index.js";

/** Either request map: the stable one, or the superset that needs `experimentalApi: true`. */
export type AnyClientRequestMap = ClientRequestMap | ExperimentalClientRequestMap;

/**
 * A server notification as it arrives: `method`, `params`, and codex's top-level `emittedAtMs`.
 * Discriminated by `method`. Catch-all handlers also receive methods newer than these types.
 */
export type NotificationEnvelope<M extends ServerNotificationMethod = ServerNotificationMethod> = {
  [K in M]: { readonly method: K; readonly params: ServerNotificationMap[K]; readonly emittedAtMs?: number };
}[M];

/** Params of a server request method. */
export type ServerRequestParams<M extends ServerRequestMethod> = ServerRequestMap[M]["params"];
/** What a handler returns for a server request method. */
export type ServerRequestResult<M extends ServerRequestMethod> = ServerRequestMap[M]["result"];
