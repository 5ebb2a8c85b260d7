// @codex/app-server-protocol/light: what a client needs before it connects: the errors, the method names,
// subscriptions and the transport factories (whose implementations load on `start()`), without the
// connection, the case adapters and the method maps' checks. The SDK imports this part when it loads and
// the rest (`@codex/app-server-protocol`) on its first connect, so an import that never connects, or
// connects later, does not pay to compile the rest.
// Both entries share these modules, so a class from either is the same class.

export { BinaryNotFoundError, BinaryVersionMismatchError } from "@codex/runtime";
export { type Subscription, subscription } from "./connection/subscription.js";
export {
  type CloseDetails,
  CodexAbortError,
  CodexError,
  type CodexErrorOptions,
  CodexTimeoutError,
  ConnectionClosedError,
  ERROR_CODES,
  ExperimentalApiError,
  InternalServerError,
  InvalidParamsError,
  InvalidRequestError,
  type JsonRpcErrorObject,
  LineTooLongError,
  MethodNotFoundError,
  NotFoundError,
  ProcessExitError,
  ProtocolError,
  protocolErrorFrom,
  ServerOverloadedError,
  ServerShuttingDownError,
  ValidationError,
  type ValidationIssue,
  VersionMismatchError,
} from "./errors.js";
export {
  CLIENT_REQUEST_METHODS,
  EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS,
} from "./generated/method-maps.js";
export type { SpawnOptions } from "./transports/spawn-transport.js";
export { isTransport, type Transport } from "./transports/transport.js";
export { spawnTransport, unixSocketTransport, webSocketTransport } from "./transports/transport-factories.js";
export type {
  UnixSocketTransportOptions,
  WebSocketTransportOptions,
} from "./transports/websocket-transport.js";
