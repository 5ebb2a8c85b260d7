import { BinaryNotFoundError } from "@codex/runtime";
import { describe, expect, it } from "vitest";
import {
  CodexAbortError,
  CodexError,
  CodexTimeoutError,
  ConnectionClosedError,
  ExperimentalApiError,
  InternalServerError,
  InvalidParamsError,
  InvalidRequestError,
  MethodNotFoundError,
  NotFoundError,
  ProcessExitError,
  ProtocolError,
  protocolErrorFrom,
  ServerOverloadedError,
  ServerShuttingDownError,
  ValidationError,
  VersionMismatchError,
} from "../src/errors.js";

describe("protocolErrorFrom", () => {
  it("maps -32600 to InvalidRequestError (unknown methods and domain errors alike)", () => {
    const error = protocolErrorFrom("no/such", { code: -32600, message: "Invalid request: unknown variant" });
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).not.toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ method: "no/such", code: -32600, retryable: false });
  });

  it("refines -32600 'not found' to NotFoundError", () => {
    const error = protocolErrorFrom("thread/read", { code: -32600, message: "thread not found: abc" });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toBeInstanceOf(InvalidRequestError);
  });

  it.each(["thread not loaded: abc", "no rollout found for thread id abc"])(
    "treats codex's other unknown-thread wording as NotFoundError: %s",
    (message) => {
      expect(protocolErrorFrom("thread/resume", { code: -32600, message })).toBeInstanceOf(NotFoundError);
    },
  );

  it("refines -32600 with data.reason serverShuttingDown", () => {
    const error = protocolErrorFrom("thread/start", {
      code: -32600,
      message: "Server is draining; retry after reconnecting",
      data: { reason: "serverShuttingDown" },
    });
    expect(error).toBeInstanceOf(ServerShuttingDownError);
    expect(error.data).toEqual({ reason: "serverShuttingDown" });
  });

  it("keeps data on -32602", () => {
    const data = { input_error_code: "input_too_large", max_chars: 1048576, actual_chars: 2000000 };
    const error = protocolErrorFrom("turn/start", { code: -32602, message: "Input exceeds", data });
    expect(error).toBeInstanceOf(InvalidParamsError);
    expect(error.data).toEqual(data);
    expect(error.message).toBe("Input exceeds");
  });

  it("maps -32603, -32601, -32001 and unknown codes", () => {
    expect(protocolErrorFrom("m", { code: -32603, message: "boom" })).toBeInstanceOf(InternalServerError);
    expect(protocolErrorFrom("m", { code: -32601, message: "nope" })).toBeInstanceOf(MethodNotFoundError);
    const overloaded = protocolErrorFrom("m", { code: -32001, message: "Server overloaded; retry later." });
    expect(overloaded).toBeInstanceOf(ServerOverloadedError);
    expect(overloaded.retryable).toBe(true);
    const other = protocolErrorFrom("m", { code: 42, message: "odd" });
    expect(other.constructor).toBe(ProtocolError);
  });
});

describe("local errors", () => {
  it("all extend CodexError and carry their fields", () => {
    const closed = new ProcessExitError({
      reason: "exited",
      exitCode: 3,
      signal: null,
      stderrTail: "panic!",
    });
    expect(closed).toBeInstanceOf(ConnectionClosedError);
    expect(closed).toBeInstanceOf(CodexError);
    expect(closed.message).toContain("panic!");
    expect(closed.name).toBe("ProcessExitError");
    const reason = new Error("user cancelled");
    const abort = new CodexAbortError(reason, "thread/start");
    expect(abort.reason).toBe(reason);
    expect(abort.message).toContain("user cancelled");
    expect(new CodexTimeoutError(50, "thread/list")).toMatchObject({ timeoutMs: 50, method: "thread/list" });
    const validation = new ValidationError("outgoing", "thread/start", [
      { path: "/cwd", message: "must be string" },
    ]);
    expect(validation.message).toContain("/cwd must be string");
    expect(new ExperimentalApiError("thread/start", "dynamicTools").message).toContain(
      "thread/start.dynamicTools",
    );
    expect(new VersionMismatchError("1.2.0", "1.3.0")).toMatchObject({
      expected: "1.2.0",
      actual: "1.3.0",
      oldestSupported: "1.2.0",
      message: "codex app-server version 1.3.0 does not match the pinned version 1.2.0",
    });
    expect(new VersionMismatchError("1.2.0", "1.0.0", "1.1.0").message).toBe(
      "codex app-server version 1.0.0 is outside the versions this SDK is tested with (1.1.0 to 1.2.0; pinned 1.2.0)",
    );
    for (const error of [abort, validation, new CodexTimeoutError(1)])
      expect(error).toBeInstanceOf(CodexError);
  });
});

describe("error names, retryable and stderr tails", () => {
  it("names the abort and timeout errors so they cannot be mistaken for the DOM's", () => {
    const abort = new CodexAbortError("stop");
    const timeout = new CodexTimeoutError(10);
    expect(abort.name).toBe("CodexAbortError");
    expect(timeout.name).toBe("CodexTimeoutError");
    expect(abort).toBeInstanceOf(CodexAbortError);
    expect(timeout).toBeInstanceOf(CodexTimeoutError);
    expect(abort.name).not.toBe(new DOMException("x", "AbortError").name);
  });

  it("marks overload, server draining and timeouts retryable, the rest not", () => {
    expect(protocolErrorFrom("m", { code: -32001, message: "overloaded" }).retryable).toBe(true);
    const draining = protocolErrorFrom("m", {
      code: -32600,
      message: "d",
      data: { reason: "serverShuttingDown" },
    });
    expect(draining.retryable).toBe(true);
    expect(new CodexTimeoutError(5).retryable).toBe(true);
    for (const error of [
      protocolErrorFrom("m", { code: -32603, message: "boom" }),
      new CodexAbortError(undefined),
      new ConnectionClosedError({ reason: "closed", exitCode: 0, signal: null, stderrTail: "" }),
    ])
      expect(error.retryable, error.name).toBe(false);
  });

  it("shares the CodexError base with the runtime's BinaryNotFoundError", () => {
    expect(new BinaryNotFoundError([], "gone")).toBeInstanceOf(CodexError);
  });

  it("keeps the stderr tail of ProcessExitError without ANSI colour codes", () => {
    const coloured =
      "\u001b[2m2026-11-27T17:00:00Z\u001b[0m \u001b[31mERROR\u001b[0m codex_core: \u001b]8;;http://x\u0007link\u001b]8;;\u0007 boom";
    const error = new ProcessExitError({ reason: "exited", exitCode: 1, signal: null, stderrTail: coloured });
    expect(error.stderrTail).toBe("2026-11-27T17:00:00Z ERROR codex_core: link boom");
    expect(error.message).toContain("2026-11-27T17:00:00Z ERROR codex_core: link boom");
    expect(error.message).not.toContain("\u001b");
  });
});
