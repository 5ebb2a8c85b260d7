import { describe, expect, it } from "vitest";
import { InvalidOptionError, sandboxPresets } from "../../src/index.js";
import { threadParams, turnParams } from "../../src/thread-params.js";

describe("approvalMode maps to the raw fields (as the Python SDK documents)", () => {
  it("autoReview: on-request, reviewed by codex's auto reviewer", () => {
    expect(threadParams({ approvalMode: "autoReview" })).toEqual({
      approvalPolicy: "on-request",
      approvalsReviewer: "auto_review",
    });
    expect(turnParams({ approvalMode: "autoReview" })).toEqual({
      approvalPolicy: "on-request",
      approvalsReviewer: "auto_review",
    });
  });

  it("denyAll: never asks, the user reviewer", () => {
    expect(threadParams({ approvalMode: "denyAll" })).toEqual({
      approvalPolicy: "never",
      approvalsReviewer: "user",
    });
  });

  it("the bypass also drops the sandbox (thread mode, turn policy)", () => {
    expect(threadParams({ approvalMode: "dangerouslyBypassApprovalsAndSandbox" })).toEqual({
      approvalPolicy: "never",
      sandbox: "danger-full-access",
    });
    expect(turnParams({ approvalMode: "dangerouslyBypassApprovalsAndSandbox" })).toEqual({
      approvalPolicy: "never",
      sandboxPolicy: { type: "dangerFullAccess" },
    });
  });

  it("explicit fields win over the mode's", () => {
    expect(
      threadParams({ approvalMode: "autoReview", approvalPolicy: "untrusted", approvalsReviewer: "user" }),
    ).toEqual({ approvalPolicy: "untrusted", approvalsReviewer: "user" });
  });

  it("an unknown mode is a typed error before anything is sent", () => {
    expect(() => threadParams({ approvalMode: "yolo" as never })).toThrow(InvalidOptionError);
    expect(() => turnParams({ approvalMode: "yolo" as never })).toThrow(/Unknown approvalMode "yolo"/);
  });
});

describe("per-turn sandbox shorthand and presets", () => {
  it("a mode name becomes the preset's policy", () => {
    expect(turnParams({ sandbox: "read-only" })).toEqual({ sandboxPolicy: { type: "readOnly" } });
    expect(turnParams({ sandbox: "workspace-write" })).toEqual({ sandboxPolicy: { type: "workspaceWrite" } });
    expect(turnParams({ sandbox: "danger-full-access" })).toEqual({
      sandboxPolicy: { type: "dangerFullAccess" },
    });
  });

  it("a preset with options passes through; sandboxPolicy wins over sandbox", () => {
    const policy = sandboxPresets.workspaceWrite({ writableRoots: ["/data"], networkAccess: true });
    expect(policy).toEqual({ type: "workspaceWrite", writableRoots: ["/data"], networkAccess: true });
    expect(turnParams({ sandbox: policy })).toEqual({ sandboxPolicy: policy });
    expect(turnParams({ sandbox: "read-only", sandboxPolicy: policy })).toEqual({ sandboxPolicy: policy });
    expect(sandboxPresets.readOnly({ networkAccess: true })).toEqual({
      type: "readOnly",
      networkAccess: true,
    });
  });

  it("an unknown sandbox name is a typed error", () => {
    expect(() => turnParams({ sandbox: "everything" as never })).toThrow(InvalidOptionError);
  });
});
