import type * as ChildProcess from "node:child_process";

/**
 * node:child_process on first use rather than at import: with the net, dgram and stream modules it pulls
 * in, it was ~1 ms of every cold import of the SDK, and only starting a server (or stopping its process
 * tree) needs it. `process.getBuiltinModule` is synchronous (Node 20.16+).
 */
export function childProcess(): typeof ChildProcess {
  return process.getBuiltinModule("node:child_process");
}
