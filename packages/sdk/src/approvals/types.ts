import type { CamelServerRequestMap, ServerRequestMethod, ThreadItem } from "../protocol-types.js";

/** The camelCase params of server request `M`. */
export type ServerRequestParams<M extends ServerRequestMethod> = CamelServerRequestMap[M]["params"];
/** The camelCase result a handler of server request `M` returns. */
export type ServerRequestResult<M extends ServerRequestMethod> = CamelServerRequestMap[M]["result"];

/** What a handler knows about the request besides its params. */
export interface ServerRequestContext<M extends ServerRequestMethod = ServerRequestMethod> {
  readonly method: M;
  readonly requestId: string | number;
  readonly threadId: string | undefined;
  readonly turnId: string | undefined;
  /** The item the request is about, when its turn saw it start (a fileChange item lists the paths). */
  readonly item: ThreadItem | undefined;
  /**
   * Aborted when the answer is no longer wanted: the server resolved the request itself (the turn was
   * interrupted), the per-request timeout fired, or the connection closed.
   */
  readonly signal: AbortSignal;
}

/**
 * Answers one kind of server request. Return `undefined` to pass the request on to the next handler
 * (turn -> thread -> client -> fail-closed default). May take as long as a human needs.
 */
export type ServerRequestHandler<M extends ServerRequestMethod> = (
  params: ServerRequestParams<M>,
  context: ServerRequestContext<M>,
) => ServerRequestResult<M> | undefined | Promise<ServerRequestResult<M> | undefined>;

/** Handlers keyed by the wire method name, e.g. `"item/commandExecution/requestApproval"`. */
export type ServerRequestHandlers = {
  readonly [M in ServerRequestMethod]?: ServerRequestHandler<M>;
};

/** One handler map, or several tried in order (the first non-`undefined` answer wins). */
export type ServerRequestHandlerList = ServerRequestHandlers | readonly ServerRequestHandlers[];

/** The decisions a command-approval handler can return. */
export type CommandDecision = ServerRequestResult<"item/commandExecution/requestApproval">["decision"];
/** The decisions a file-change-approval handler can return. */
export type FileChangeDecision = ServerRequestResult<"item/fileChange/requestApproval">["decision"];
