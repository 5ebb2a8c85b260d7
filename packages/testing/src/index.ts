export {
  FAKE_APP_SERVER_SCRIPT_PATH,
  type FakeAppServerCommandOptions,
  fakeAppServerCommand,
  readFakeRecording,
} from "./fake-app-server/fake-app-server-command.js";
export type {
  FakeAppServerScript,
  FakeCrash,
  FakeHandler,
  FakeRpcError,
  FakeStdinEnd,
  FakeStep,
} from "./fake-app-server/fake-script.js";
export {
  type CodexHome,
  type CodexHomeOptions,
  type ConfigApprovalPolicy,
  createCodexHome,
  MOCK_MODEL,
  MOCK_PROVIDER_ID,
  mockProviderConfig,
  type SandboxMode,
} from "./harness/codex-home.js";
export {
  type CodexTestEnv,
  type CodexTestEnvOptions,
  isolatedEnv,
  startCodexTestEnv,
} from "./harness/codex-test-env.js";
export { type TomlTable, type TomlValue, tomlKey, tomlString, toToml } from "./harness/toml.js";
export {
  InMemoryAppServer,
  type ScriptedRequest,
  type ScriptedRequestHandler,
  type ScriptedRpcError,
} from "./in-memory/in-memory-app-server.js";
export { InMemoryTransport, type TransportMessage } from "./in-memory/in-memory-transport.js";
export { CALC_MCP_SERVER_PATH, calcMcpServer } from "./mcp/calc-mcp-server.js";
export { type ChatGptAuthOptions, chatGptAuthJson } from "./mock-responses/chatgpt-auth.js";
export {
  MockResponsesServer,
  type MockResponsesServerOptions,
  type MockScriptError,
  type RequestMatcher,
  type WaitOptions,
} from "./mock-responses/mock-responses-server.js";
export {
  accountUsageBody,
  type MockAccountUsage,
  type MockRateLimitCredits,
  type MockRateLimitReachedType,
  type MockRateLimits,
  type MockRateLimitWindow,
  type MockUsageWindow,
  rateLimitHeaders,
} from "./mock-responses/rate-limits.js";
export {
  functionCallOutputs,
  inputTexts,
  type RecordedRequest,
  type ResponsesInputItem,
  type ResponsesRequestBody,
  toolNames,
} from "./mock-responses/recorded-request.js";
export {
  applyPatchCommand,
  type ExecCommandOptions,
  type FunctionCallOptions,
  type HttpReply,
  type MessageOptions,
  type MockReply,
  type PatchSpec,
  planCollaborationMode,
  type ReasoningOptions,
  type ReplyFactory,
  type ReplyHeaders,
  type ReplyTiming,
  type ResponseUsage,
  renderPatch,
  reply,
  type ScriptedReply,
  type StreamEnd,
  type StreamReply,
  streamEvents,
  type UserInputOption,
  type UserInputQuestion,
} from "./mock-responses/reply.js";
export { forThread, requestThreadId, withUserText } from "./mock-responses/request-matchers.js";
export { encodeSseEvent, type SseEvent } from "./mock-responses/sse-event.js";
export { freePort } from "./net/free-port.js";
export {
  type RecordingTransport,
  type RecordingTransportOptions,
  recordingTransport,
} from "./record-replay/recording-transport.js";
export {
  type ReplayDivergence,
  ReplayDivergenceError,
  type ReplayTransport,
  type ReplayTransportOptions,
  replayTransport,
} from "./record-replay/replay-transport.js";
export {
  DEFAULT_REDACTED_FIELDS,
  parseRecording,
  type RecordedMessage,
  type RecordingHeader,
  readRecording,
  redactFields,
  type SessionRecording,
  type WireDirection,
  type WireMessage,
} from "./record-replay/session-recording.js";
export type { SpawnCommand } from "./spawn-command.js";
