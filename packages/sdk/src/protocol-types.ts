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
export type Turn = Camel.Turn;
export type TurnError = Camel.TurnError;
export type TurnStatus = Camel.TurnStatus;
export type ThreadItem = Camel.ThreadItem;
export type UserInput = Camel.UserInput;
export type TextElement = Camel.TextElement;
export type CodexErrorInfo = Camel.CodexErrorInfo;
export type ThreadTokenUsage = Camel.ThreadTokenUsage;
export type TokenUsageBreakdown = Camel.TokenUsageBreakdown;
export type SandboxMode = Camel.SandboxMode;
export type AskForApproval = Camel.AskForApproval;
export type ReasoningEffort = Camel.ReasoningEffort;
export type ReasoningSummary = Camel.ReasoningSummary;
export type Personality = Camel.Personality;
export type SandboxPolicy = Camel.SandboxPolicy;
export type ThreadStartParams = Camel.ThreadStartParams;
export type ThreadResumeParams = Camel.ThreadResumeParams;
export type ThreadForkParams = Camel.ThreadForkParams;
export type ThreadListParams = Camel.ThreadListParams;
export type TurnStartParams = Camel.TurnStartParams;
export type TurnPlanStep = Camel.TurnPlanStep;
export type Model = Camel.Model;
export type ModelListParams = Camel.ModelListParams;
export type InitializeResponse = Camel.InitializeResponse;
export type GetAccountResponse = Camel.GetAccountResponse;
export type GetAccountRateLimitsResponse = Camel.GetAccountRateLimitsResponse;
export type LoginAccountResponse = Camel.LoginAccountResponse;
export type WebSearchMode = Camel.WebSearchMode;
