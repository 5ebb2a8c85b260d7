/** The doctor's report as a readable table: status, check, what was found; then what was measured and the fix. */
import type { DoctorCheck, DoctorReport, DoctorStatus, DoctorValue } from "./types.js";

const LABELS: Record<DoctorStatus, string> = { ok: "ok", warn: "WARN", fail: "FAIL", skipped: "skip" };

function formatValue(value: DoctorValue): string {
  if (value === null) return "-";
  return typeof value === "string" ? value.replace(/\s*\n\s*/g, " | ") : String(value);
}

function formatMeasured(check: DoctorCheck): string {
  return Object.entries(check.measured)
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join(", ");
}

/** The report as text (no colours), one block per check. */
export function formatDoctorReport(report: DoctorReport): string {
  const titleWidth = Math.max(5, ...report.checks.map((check) => check.title.length));
  const lines = [
    `codex-sdk doctor: this SDK pins codex ${report.pinnedVersion}`,
    "",
    `${"STATUS".padEnd(6)}  ${"CHECK".padEnd(titleWidth)}  RESULT`,
  ];
  const indent = " ".repeat(8 + titleWidth + 2);
  for (const check of report.checks) {
    lines.push(`${LABELS[check.status].padEnd(6)}  ${check.title.padEnd(titleWidth)}  ${check.summary}`);
    const measured = formatMeasured(check);
    if (measured !== "" && check.status !== "skipped") lines.push(`${indent}measured: ${measured}`);
    if (check.fix !== undefined) lines.push(`${indent}fix: ${check.fix}`);
  }
  const counts = (["ok", "warn", "fail", "skipped"] as const)
    .map((status) => `${report.checks.filter((check) => check.status === status).length} ${status}`)
    .join(", ");
  lines.push(
    "",
    `${report.ok ? "No check failed" : "Some checks FAILED"} (${counts}) in ${Math.round(report.durationMs)} ms.`,
  );
  return `${lines.join("\n")}\n`;
}
