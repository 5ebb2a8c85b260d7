import { describe, expect, it } from "vitest";
import { CodexError } from "../src/index.js";

describe("CodexError", () => {
  it("is not retryable unless told, and keeps the cause", () => {
    const cause = new Error("root");
    const error = new CodexError("failed", { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "CodexError", message: "failed", retryable: false, cause });
    expect(new CodexError("busy", { retryable: true }).retryable).toBe(true);
  });
});
