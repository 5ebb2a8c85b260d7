import { describe, expect, it, vi } from "vitest";
import { CodexError } from "../src/index.js";

describe("CodexError", () => {
  it("is not retryable unless told, and keeps the cause", () => {
    const cause = new Error("root");
    const error = new CodexError("failed", { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "CodexError", message: "failed", retryable: false, cause });
    expect(new CodexError("busy", { retryable: true }).retryable).toBe(true);
  });

  it("matches an error from another copy of the family by class name, and nothing else", async () => {
    // Two evaluations of the module, as the SDK's entry and its engine each bundle the error classes.
    vi.resetModules();
    const { CodexError: First } = await import("../src/codex-error.js");
    vi.resetModules();
    const { CodexError: Second } = await import("../src/codex-error.js");
    expect(First).not.toBe(Second);
    const budgetError = (Base: typeof First) => class BudgetLikeError extends Base {};
    const otherError = (Base: typeof First) => class OtherLikeError extends Base {};
    const FirstBudget = budgetError(First);
    const SecondBudget = budgetError(Second);

    expect(new Second("x")).toBeInstanceOf(First);
    expect(new SecondBudget("x")).toBeInstanceOf(FirstBudget);
    expect(new SecondBudget("x")).toBeInstanceOf(First);
    expect(new FirstBudget("x")).toBeInstanceOf(SecondBudget);
    // A base is not its subclass, a sibling is not the other, and foreign errors are not in the family.
    expect(new Second("x")).not.toBeInstanceOf(FirstBudget);
    expect(new (otherError(Second))("x")).not.toBeInstanceOf(FirstBudget);
    expect(new Error("x")).not.toBeInstanceOf(First);
    expect(new (class CodexError extends Error {})("x")).not.toBeInstanceOf(First);
    expect((null as unknown as object) instanceof First).toBe(false);
    expect(Object.create(null) instanceof First).toBe(false);
  });
});
