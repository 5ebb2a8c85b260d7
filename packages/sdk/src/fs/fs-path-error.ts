import { CodexError } from "@codex/app-server-protocol/light";

/** A path the app-server cannot take: `fs/*` methods need absolute paths. */
export class FsPathError extends CodexError {
  override name = "FsPathError";
  constructor(readonly path: unknown) {
    super(`codex.fs needs an absolute path; got ${JSON.stringify(path)}.`);
  }
}
