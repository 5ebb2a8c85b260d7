/** A JSON-RPC error object as the fake sends it. */
export interface FakeRpcError {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** Ends the process: with an exit code, or by sending itself a signal. */
export interface FakeCrash {
  readonly exitCode?: number;
  readonly signal?: NodeJS.Signals;
  /** Written to stderr first (for stderr-tail tests). */
  readonly stderr?: string;
}

/**
 * How the fake answers one request. With none of result/error/echo/noReply/crash it replies `{}`.
 * `after` steps run once the reply was written.
 */
export interface FakeHandler {
  readonly result?: unknown;
  readonly error?: FakeRpcError;
  /** Reply `{ method, params }`: shows the client exactly what it sent. */
  readonly echo?: boolean;
  /** Never reply to this request. */
  readonly noReply?: boolean;
  /** Die when the request arrives instead of replying. */
  readonly crash?: FakeCrash;
  readonly delayMs?: number;
  readonly after?: readonly FakeStep[];
}

/** One step of the fake's main script; steps run in order from start. */
export type FakeStep =
  /** Wait until one more client message (request or notification) with this method has arrived. */
  | { readonly waitFor: string }
  | { readonly sleep: number }
  /**
   * Send a notification. With `count`, send that many copies as fast as the pipe takes them,
   * each with `seq` (0-based) merged into its params.
   */
  | {
      readonly notify: string;
      readonly params?: unknown;
      readonly count?: number;
      readonly emittedAtMs?: boolean;
    }
  /**
   * Send a server request (ids count up from 0 like codex's). `awaitAnswer` blocks the script until the
   * client answers; `echoAnswer` sends `fake/serverRequestAnswered { requestId, method, result?, error? }`.
   */
  | {
      readonly request: string;
      readonly params?: unknown;
      readonly id?: string | number;
      readonly awaitAnswer?: boolean;
      readonly echoAnswer?: boolean;
    }
  /** Write raw text to stdout as is (add "\n" yourself): garbage, partial lines, several messages. */
  | { readonly write: string }
  /** Write one valid notification line (`fake/oversized`) of at least this many bytes. */
  | { readonly oversizedLine: number }
  | { readonly stderr: string }
  | { readonly crash: FakeCrash }
  /** End stdout (the pipe closes while the process lives on). */
  | { readonly closeStdout: true };

/** What the fake does when its stdin ends. */
export type FakeStdinEnd =
  /** Exit with this code (default 0, like codex) after an optional delay. */
  | { readonly exitCode?: number; readonly delayMs?: number }
  /** Keep running (to test a client's SIGTERM / SIGKILL escalation). */
  | "ignore";

export interface FakeAppServerScript {
  /** Fields of the default `initialize` answer (ignored when `handlers.initialize` exists). */
  readonly initialize?: {
    /**
     * The server version in userAgent (default: the pinned `CODEX_VERSION` of `@codex/runtime`, which
     * fakeAppServerCommand passes): change it to test version skew.
     */
    readonly version?: string;
    readonly codexHome?: string;
    readonly platformFamily?: string;
    readonly platformOs?: string;
  };
  /** Answers by method; an array answers successive calls in order, its last entry repeating. */
  readonly handlers?: Readonly<Record<string, FakeHandler | readonly FakeHandler[]>>;
  readonly steps?: readonly FakeStep[];
  /** Default: exit 0 at once. */
  readonly onStdinEnd?: FakeStdinEnd;
  /** Ignore SIGTERM (only SIGKILL stops it). */
  readonly ignoreSigterm?: boolean;
  /** Reject requests before `initialize` with -32600 "Not initialized", like codex (default true). */
  readonly requireInitialize?: boolean;
}
