import type { RunResult, ThreadTokenUsage } from "@codex/app-server-sdk";
import { describe, expectTypeOf, it } from "vitest";
import type {
  EnqueueTurnRequest,
  QueueTurnEvent,
  TurnJobHandle,
  TurnJobResult,
  TurnQueueProducer,
} from "../src/index.js";

describe("public types", () => {
  it("takes data only: no AbortSignal, no handlers in thread or turn options", () => {
    expectTypeOf<{ threadId: string; input: string }>().toExtend<EnqueueTurnRequest>();
    expectTypeOf<{ newThread: { cwd: string }; input: string }>().toExtend<EnqueueTurnRequest>();
    expectTypeOf<{
      input: string;
      turnOptions: { signal: AbortSignal };
      threadId: string;
    }>().not.toExtend<EnqueueTurnRequest>();
    expectTypeOf<{
      newThread: { serverRequests: object };
      input: string;
    }>().not.toExtend<EnqueueTurnRequest>();
  });

  it("hands back the SDK's RunResult (plus threadUsage) and the SDK's turn events plus queue events", () => {
    expectTypeOf<TurnQueueProducer["enqueueTurn"]>().returns.resolves.toEqualTypeOf<TurnJobHandle>();
    expectTypeOf<ReturnType<TurnJobHandle["result"]>>().resolves.toEqualTypeOf<TurnJobResult>();
    expectTypeOf<TurnJobResult>().toExtend<RunResult<unknown>>();
    expectTypeOf<TurnJobResult["threadUsage"]>().toEqualTypeOf<ThreadTokenUsage | null>();
    expectTypeOf<TurnJobHandle>().toExtend<AsyncIterable<QueueTurnEvent>>();
    expectTypeOf<
      Extract<QueueTurnEvent, { method: "queue/attempt" }>["params"]["workerId"]
    >().toEqualTypeOf<string>();
  });
});
