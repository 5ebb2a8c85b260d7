// Every name @openai/codex-sdk 0.163.0 exports, checked against ours in both directions by the
// typechecker (`pnpm --filter @codex/exec-compat typecheck`); at run time these are no-ops.
// Classes are compared by their public members: TypeScript treats private members as nominal, so
// no other class (ours included) is ever assignable to a class with private fields.
import type * as Original from "@openai/codex-sdk";
import { describe, expectTypeOf, it } from "vitest";
import type * as Compat from "../src/index.js";

type Public<T> = { [K in keyof T]: T[K] };

describe("types of @openai/codex-sdk 0.163.0", () => {
  it("options are assignable both ways", () => {
    expectTypeOf<Compat.CodexOptions>().toExtend<Original.CodexOptions>();
    expectTypeOf<Original.CodexOptions>().toExtend<Compat.CodexOptions>();
    expectTypeOf<Compat.ThreadOptions>().toExtend<Original.ThreadOptions>();
    expectTypeOf<Original.ThreadOptions>().toExtend<Compat.ThreadOptions>();
    expectTypeOf<Compat.TurnOptions>().toExtend<Original.TurnOptions>();
    expectTypeOf<Original.TurnOptions>().toExtend<Compat.TurnOptions>();
    expectTypeOf<Compat.ApprovalMode>().toEqualTypeOf<Original.ApprovalMode>();
    expectTypeOf<Compat.SandboxMode>().toEqualTypeOf<Original.SandboxMode>();
    expectTypeOf<Compat.ModelReasoningEffort>().toEqualTypeOf<Original.ModelReasoningEffort>();
    expectTypeOf<Compat.WebSearchMode>().toEqualTypeOf<Original.WebSearchMode>();
    expectTypeOf<Compat.CyberAccessProgram>().toEqualTypeOf<Original.CyberAccessProgram>();
  });

  it("inputs and results are assignable both ways", () => {
    expectTypeOf<Compat.Input>().toEqualTypeOf<Original.Input>();
    expectTypeOf<Compat.UserInput>().toEqualTypeOf<Original.UserInput>();
    expectTypeOf<Compat.RunResult>().toExtend<Original.RunResult>();
    expectTypeOf<Original.RunResult>().toExtend<Compat.RunResult>();
    expectTypeOf<Compat.RunStreamedResult>().toExtend<Original.RunStreamedResult>();
    expectTypeOf<Original.RunStreamedResult>().toExtend<Compat.RunStreamedResult>();
    expectTypeOf<Compat.Usage>().toEqualTypeOf<Original.Usage>();
  });

  it("events are assignable both ways", () => {
    expectTypeOf<Compat.ThreadEvent>().toExtend<Original.ThreadEvent>();
    expectTypeOf<Original.ThreadEvent>().toExtend<Compat.ThreadEvent>();
    expectTypeOf<Compat.ThreadStartedEvent>().toEqualTypeOf<Original.ThreadStartedEvent>();
    expectTypeOf<Compat.TurnStartedEvent>().toEqualTypeOf<Original.TurnStartedEvent>();
    expectTypeOf<Compat.TurnCompletedEvent>().toEqualTypeOf<Original.TurnCompletedEvent>();
    expectTypeOf<Compat.TurnFailedEvent>().toEqualTypeOf<Original.TurnFailedEvent>();
    expectTypeOf<Compat.ThreadError>().toEqualTypeOf<Original.ThreadError>();
    expectTypeOf<Compat.ThreadErrorEvent>().toEqualTypeOf<Original.ThreadErrorEvent>();
    expectTypeOf<Compat.ItemStartedEvent>().toExtend<Original.ItemStartedEvent>();
    expectTypeOf<Original.ItemStartedEvent>().toExtend<Compat.ItemStartedEvent>();
    expectTypeOf<Compat.ItemUpdatedEvent>().toExtend<Original.ItemUpdatedEvent>();
    expectTypeOf<Original.ItemUpdatedEvent>().toExtend<Compat.ItemUpdatedEvent>();
    expectTypeOf<Compat.ItemCompletedEvent>().toExtend<Original.ItemCompletedEvent>();
    expectTypeOf<Original.ItemCompletedEvent>().toExtend<Compat.ItemCompletedEvent>();
  });

  it("items are assignable both ways", () => {
    expectTypeOf<Compat.ThreadItem>().toExtend<Original.ThreadItem>();
    expectTypeOf<Original.ThreadItem>().toExtend<Compat.ThreadItem>();
    expectTypeOf<Compat.AgentMessageItem>().toEqualTypeOf<Original.AgentMessageItem>();
    expectTypeOf<Compat.ReasoningItem>().toEqualTypeOf<Original.ReasoningItem>();
    expectTypeOf<Compat.CommandExecutionItem>().toEqualTypeOf<Original.CommandExecutionItem>();
    expectTypeOf<Compat.FileChangeItem>().toEqualTypeOf<Original.FileChangeItem>();
    expectTypeOf<Compat.WebSearchItem>().toEqualTypeOf<Original.WebSearchItem>();
    expectTypeOf<Compat.TodoListItem>().toEqualTypeOf<Original.TodoListItem>();
    expectTypeOf<Compat.ErrorItem>().toEqualTypeOf<Original.ErrorItem>();
    // The original names MCP's ContentBlock from a package it does not install; ours is structural.
    expectTypeOf<Compat.McpToolCallItem>().toExtend<Original.McpToolCallItem>();
    expectTypeOf<Original.McpToolCallItem>().toExtend<Compat.McpToolCallItem>();
  });

  it("Codex and Thread have the same public members, parameters and results", () => {
    expectTypeOf<keyof Compat.Codex>().toEqualTypeOf<keyof Original.Codex>();
    expectTypeOf<keyof Compat.Thread>().toEqualTypeOf<keyof Original.Thread>();
    expectTypeOf<Public<Compat.Thread>>().toExtend<Public<Original.Thread>>();
    expectTypeOf<Public<Original.Thread>>().toExtend<Public<Compat.Thread>>();
    for (const method of ["startThread", "resumeThread"] as const) {
      type Ours = Compat.Codex[typeof method];
      type Theirs = Original.Codex[typeof method];
      expectTypeOf<Parameters<Ours>>().toExtend<Parameters<Theirs>>();
      expectTypeOf<Parameters<Theirs>>().toExtend<Parameters<Ours>>();
      expectTypeOf<Public<ReturnType<Ours>>>().toExtend<Public<ReturnType<Theirs>>>();
      expectTypeOf<Public<ReturnType<Theirs>>>().toExtend<Public<ReturnType<Ours>>>();
      void method;
    }
    expectTypeOf<ConstructorParameters<typeof Compat.Codex>>().toExtend<
      ConstructorParameters<typeof Original.Codex>
    >();
    expectTypeOf<ConstructorParameters<typeof Original.Codex>>().toExtend<
      ConstructorParameters<typeof Compat.Codex>
    >();
  });
});
