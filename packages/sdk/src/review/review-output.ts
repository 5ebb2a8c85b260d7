/**
 * Reads a review's findings out of a finished review turn. Codex asks the model for a JSON object
 * (`findings`, `overall_correctness`, ...) and shows users only a rendered text (the `exitedReviewMode`
 * item); the model's own JSON reply is still among the turn's agent messages, so the structured findings
 * come from there, and from the rendered text when no such reply is found.
 */
import type { ThreadItem } from "../protocol-types.js";

/** Where a finding points: an absolute file path and an inclusive line range. */
export interface ReviewFindingLocation {
  readonly path: string;
  readonly startLine: number;
  readonly endLine: number;
}

/** One finding of a review. */
export interface ReviewFinding {
  /** Short title; codex's reviewer prefixes it with the priority tag (`"[P1] ..."`). */
  readonly title: string;
  readonly body: string;
  /** 0 (most urgent) to 3, when the reviewer gave one (or the title's `[Pn]` tag says it). */
  readonly priority: number | null;
  /** The reviewer's confidence in this finding, 0..1 (null when only the rendered text was available). */
  readonly confidenceScore: number | null;
  readonly location: ReviewFindingLocation | null;
}

/** The structured part of a review's result. */
export interface ReviewOutput {
  /** The review as codex rendered it for people (the `exitedReviewMode` item's text). */
  readonly reviewText: string | null;
  readonly findings: ReviewFinding[];
  /** `"patch is correct"` / `"patch is incorrect"` when the reviewer said so. */
  readonly overallCorrectness: string | null;
  readonly overallExplanation: string | null;
  readonly overallConfidenceScore: number | null;
}

/** The review output of a finished review turn's items. */
export function reviewOutputOf(items: readonly ThreadItem[]): ReviewOutput {
  let reviewText: string | null = null;
  let json: Omit<ReviewOutput, "reviewText"> | undefined;
  for (const item of items) {
    if (item.type === "exitedReviewMode") reviewText = item.review;
    if (item.type === "agentMessage") json = fromModelJson(item.text) ?? json;
  }
  if (json) return { ...json, reviewText };
  return {
    reviewText,
    findings: reviewText === null ? [] : fromRenderedText(reviewText),
    overallCorrectness: null,
    overallExplanation: reviewText === null ? null : (reviewText.split(/\n\n/)[0]?.trim() ?? null),
    overallConfidenceScore: null,
  };
}

function fromModelJson(text: string): Omit<ReviewOutput, "reviewText"> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{")) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (!isObject(value) || !Array.isArray(value.findings)) return undefined;
  return {
    findings: value.findings.filter(isObject).map((raw) => {
      const location = isObject(raw.code_location) ? raw.code_location : undefined;
      const range = location && isObject(location.line_range) ? location.line_range : undefined;
      const title = stringOr(raw.title, "");
      return {
        title,
        body: stringOr(raw.body, ""),
        priority: numberOr(raw.priority) ?? priorityTag(title),
        confidenceScore: numberOr(raw.confidence_score),
        location:
          location && typeof location.absolute_file_path === "string"
            ? {
                path: location.absolute_file_path,
                startLine: numberOr(range?.start) ?? 0,
                endLine: numberOr(range?.end) ?? numberOr(range?.start) ?? 0,
              }
            : null,
      };
    }),
    overallCorrectness: typeof value.overall_correctness === "string" ? value.overall_correctness : null,
    overallExplanation: typeof value.overall_explanation === "string" ? value.overall_explanation : null,
    overallConfidenceScore: numberOr(value.overall_confidence_score),
  };
}

/** `- <title> — <path>:<start>-<end>` followed by the body indented by two spaces (codex's rendering). */
const RENDERED_FINDING = /^- (.+?) — (\/.*?):(\d+)(?:-(\d+))?$/;

function fromRenderedText(text: string): ReviewFinding[] {
  const findings: ReviewFinding[] = [];
  let current: { title: string; body: string[]; location: ReviewFindingLocation | null } | undefined;
  const flush = (): void => {
    if (!current) return;
    findings.push({
      title: current.title,
      body: current.body.join("\n").trim(),
      priority: priorityTag(current.title),
      confidenceScore: null,
      location: current.location,
    });
    current = undefined;
  };
  for (const line of text.split("\n")) {
    const match = RENDERED_FINDING.exec(line);
    if (match) {
      flush();
      const start = Number(match[3]);
      current = {
        title: match[1] ?? "",
        body: [],
        location: { path: match[2] ?? "", startLine: start, endLine: match[4] ? Number(match[4]) : start },
      };
    } else if (current && line.startsWith("  ")) current.body.push(line.slice(2));
    else flush();
  }
  flush();
  return findings;
}

function priorityTag(title: string): number | null {
  const match = /^\[P(\d)\]/.exec(title);
  return match ? Number(match[1]) : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function numberOr(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
