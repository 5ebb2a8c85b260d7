/**
 * The camelCase protocol types the SDK speaks, taken from the generated twins in
 * @codex/app-server-protocol. One file so the rest of the SDK never spells generated names.
 */
import type { Camel } from "@codex/app-server-protocol";

export type {
  CamelClientRequestMap,
  CamelExperimentalClientRequestMap,
  CamelServerNotificationMap,
  CamelServerRequestMap,
  ClientRequestMethod,
  ServerNotificationMethod,
  ServerRequestMethod,
} from "@codex/app-server-protocol";

/** The server's description of a thread (exported under this name; `Thread` is the SDK class). */
export type ThreadInfo = Camel.Thread;
/** A turn as the server describes it (`turn/start`, `turn/completed`, stored turns). */
export type Turn = Camel.Turn;
/** The error of a failed turn, with codex's `codexErrorInfo` classification. */
export type TurnError = Camel.TurnError;
/** The wire status of a turn: `inProgress | completed | interrupted | failed`. */
export type TurnStatus = Camel.TurnStatus;
/** One item of a turn (user message, agent message, reasoning, command, file change, tool call...), discriminated by `type`. */
export type ThreadItem = Camel.ThreadItem;
/** One part of a turn's input on the wire (text, image, local image, skill, mention). */
export type UserInput = Camel.UserInput;
/** A marked span inside a text input part. */
export type TextElement = Camel.TextElement;
/** codex's classification of a turn failure (`internalServerError`, `contextWindowExceeded`, `{ httpConnectionFailed }`...). */
export type CodexErrorInfo = Camel.CodexErrorInfo;
/** Token usage of a thread: `total`, `last` turn, and the model's context window. */
export type ThreadTokenUsage = Camel.ThreadTokenUsage;
/** Token counts: input, cached input, output, reasoning output, total. */
export type TokenUsageBreakdown = Camel.TokenUsageBreakdown;
/** Who reviews approval requests: `"user"` (your handlers) or `"auto_review"` (codex's own reviewer agent). */
export type ApprovalsReviewer = Camel.ApprovalsReviewer;
/** Codex's automatic review of one action (`item/autoApprovalReview/*`): status, risk level, rationale. */
export type GuardianApprovalReview = Camel.GuardianApprovalReview;
/** `item/autoApprovalReview/completed` params: the reviewed action and the reviewer's verdict. */
export type AutoApprovalReviewCompletedParams = Camel.ItemGuardianApprovalReviewCompletedNotification;
/** `thread/start` sandbox: `"read-only" | "workspace-write" | "danger-full-access"`. */
export type SandboxMode = Camel.SandboxMode;
/** When codex asks for approval: `"untrusted" | "on-request" | "never"` (granular forms are experimental). */
export type AskForApproval = Camel.AskForApproval;
/** How hard the model reasons. */
export type ReasoningEffort = Camel.ReasoningEffort;
/** How much of its reasoning the model summarizes. */
export type ReasoningSummary = Camel.ReasoningSummary;
/** The agent's tone. */
export type Personality = Camel.Personality;
/** `turn/start` sandbox policy, camelCase-tagged (`{ type: "readOnly" | "workspaceWrite" | ... }`). */
export type SandboxPolicy = Camel.SandboxPolicy;
/** `thread/start` params (camelCase). */
export type ThreadStartParams = Camel.ThreadStartParams;
/** `thread/resume` params (camelCase). */
export type ThreadResumeParams = Camel.ThreadResumeParams;
/** `thread/fork` params (camelCase). */
export type ThreadForkParams = Camel.ThreadForkParams;
/** `thread/list` params (camelCase). */
export type ThreadListParams = Camel.ThreadListParams;
/** `turn/start` params (camelCase). */
export type TurnStartParams = Camel.TurnStartParams;
/** One step of the agent's plan. */
export type TurnPlanStep = Camel.TurnPlanStep;
/** A model the server offers (`model/list`). */
export type Model = Camel.Model;
/** `model/list` params (camelCase). */
export type ModelListParams = Camel.ModelListParams;
/** `modelProvider/list`: the providers, the default one's id, and whether the default may change. */
export type ModelProviderListResponse = Camel.ModelProviderListResponse;
/** A model provider: id, name, base URL, settings, whether it may be edited. */
export type ModelProviderSummary = Camel.ModelProviderSummary;
/** What the default model provider supports (`modelProvider/capabilities/read`). */
export type ModelProviderCapabilities = Camel.ModelProviderCapabilitiesReadResponse;
/** The result of a config write: status, the file written, and any layer that overrides the value. */
export type ConfigWriteResponse = Camel.ConfigWriteResponse;
/** The `initialize` result: userAgent, codexHome, platform. */
export type InitializeResponse = Camel.InitializeResponse;
/** The `account/read` result. */
export type GetAccountResponse = Camel.GetAccountResponse;
/** The `account/rateLimits/read` result. */
export type GetAccountRateLimitsResponse = Camel.GetAccountRateLimitsResponse;
/** The `account/login/start` result. */
export type LoginAccountResponse = Camel.LoginAccountResponse;
/** Web search: `"disabled" | "cached" | "indexed" | "live"`. */
export type WebSearchMode = Camel.WebSearchMode;
