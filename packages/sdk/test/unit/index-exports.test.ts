import { describe, expect, it } from "vitest";
import * as sdk from "../../src/index.js";

describe("@codex/app-server-sdk public surface", () => {
  it("exports exactly these runtime values (no internals: Session, router, converters)", () => {
    expect(Object.keys(sdk).sort()).toEqual([
      "BUILTIN_PRICES",
      "BUILTIN_PRICES_SOURCE",
      "BinaryNotFoundError",
      "BinaryVersionMismatchError",
      "BudgetExceededError",
      "BudgetPriceMissingError",
      "CODEX_VERSION",
      "Codex",
      "CodexAbortError",
      "CodexError",
      "CodexTimeoutError",
      "CommandHandle",
      "CommandInputError",
      "ConnectionClosedError",
      "ExperimentalApiError",
      "FileNotFoundError",
      "FileSystem",
      "FileSystemError",
      "FileWatch",
      "FsPathError",
      "GoalHandle",
      "InternalServerError",
      "InvalidOptionError",
      "InvalidParamsError",
      "InvalidRequestError",
      "LoginFailedError",
      "MalformedTurnEventError",
      "MethodNotFoundError",
      "NoDefaultAnswerError",
      "NotFoundError",
      "NotLoggedInError",
      "OutputSchemaError",
      "ProcessExitError",
      "ProtocolError",
      "ReviewHandle",
      "ReviewTargetError",
      "ServerOverloadedError",
      "ServerShuttingDownError",
      "SharedServerError",
      "StructuredOutputError",
      "TURN_START_CHANNEL",
      "Thread",
      "ToolDefinitionError",
      "TurnFailedError",
      "TurnHandle",
      "TurnStalledError",
      "TurnStateError",
      "UnsupportedInputError",
      "ValidationError",
      "VersionMismatchError",
      "dangerouslyApproveAll",
      "declineAll",
      "doctor",
      "estimateCost",
      "inputPart",
      "itemsOfType",
      "llmJudgePolicy",
      "renderTurn",
      "resolveCodexBinary",
      "resultItems",
      "rulePolicy",
      "sandboxPresets",
      "sharedServerStatus",
      "spawnTransport",
      "stopSharedServer",
      "toStrictJsonSchema",
      "tool",
      "unixSocketTransport",
      "webSocketTransport",
    ]);
  });

  it("every error class extends CodexError", () => {
    for (const [name, value] of Object.entries(sdk)) {
      if (typeof value === "function" && name.endsWith("Error") && value !== sdk.CodexError) {
        expect(value.prototype, name).toBeInstanceOf(sdk.CodexError);
      }
    }
  });
});
