/** Keeps secrets out of the report: values of secret-looking variables are replaced wherever they appear. */
import type { DoctorCheck, DoctorValue } from "./types.js";

const SECRET_NAME = /(API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|PRIVATE_KEY|AUTH)/i;
/** Shorter values are too likely to occur by chance (and too short to be real keys). */
const MIN_SECRET_LENGTH = 8;

/** The secret values among `env` (by variable name), longest first, plus `extra`. */
export function secretValues(
  env: Readonly<Record<string, string | undefined>>,
  extra: readonly string[] = [],
): string[] {
  const values = Object.entries(env)
    .filter(([name, value]) => value !== undefined && SECRET_NAME.test(name))
    .map(([, value]) => value as string);
  return [...new Set([...values, ...extra])]
    .filter((value) => value.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
}

function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) result = result.split(secret).join("[redacted]");
  return result;
}

function redactValue(value: DoctorValue, secrets: readonly string[]): DoctorValue {
  return typeof value === "string" ? redactText(value, secrets) : value;
}

/** The check with every secret value replaced by `[redacted]`. */
export function redactCheck(check: DoctorCheck, secrets: readonly string[]): DoctorCheck {
  if (secrets.length === 0) return check;
  return {
    ...check,
    summary: redactText(check.summary, secrets),
    measured: Object.fromEntries(
      Object.entries(check.measured).map(([key, value]) => [key, redactValue(value, secrets)]),
    ),
    ...(check.fix !== undefined && { fix: redactText(check.fix, secrets) }),
  };
}
