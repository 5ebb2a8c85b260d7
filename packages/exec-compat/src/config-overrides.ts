// `config` flattened to `--config key=value` arguments the way @openai/codex-sdk does it: nested objects
// become dotted keys, leaves become TOML literals. Errors carry the original's messages.
import { ExecCompatError } from "./errors.js";

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** `--config` values (without the flag) for a config object; throws ExecCompatError on values TOML cannot hold. */
export function flattenConfig(config: unknown): string[] {
  if (!isPlainObject(config)) throw new ExecCompatError("Codex config overrides must be a plain object");
  const overrides: string[] = [];
  flattenInto(config, "", overrides);
  return overrides;
}

function flattenInto(object: Record<string, unknown>, prefix: string, out: string[]): void {
  const entries = Object.entries(object);
  if (prefix && entries.length === 0) {
    out.push(`${prefix}={}`);
    return;
  }
  for (const [key, value] of entries) {
    if (!key) throw new ExecCompatError("Codex config override keys must be non-empty strings");
    if (value === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value)) flattenInto(value, path, out);
    else out.push(`${path}=${tomlValue(value, path)}`);
  }
}

/** A TOML literal for one value (strings as JSON strings, which TOML basic strings accept). */
export function tomlValue(value: unknown, path: string): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new ExecCompatError(`Codex config override at ${path} must be a finite number`);
    }
    return String(value);
  }
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) {
    return `[${value.map((item, index) => tomlValue(item, `${path}[${index}]`)).join(", ")}]`;
  }
  if (isPlainObject(value)) {
    const parts: string[] = [];
    for (const [key, child] of Object.entries(value)) {
      if (!key) throw new ExecCompatError("Codex config override keys must be non-empty strings");
      if (child === undefined) continue;
      parts.push(`${BARE_KEY.test(key) ? key : JSON.stringify(key)} = ${tomlValue(child, `${path}.${key}`)}`);
    }
    return `{${parts.join(", ")}}`;
  }
  if (value === null) throw new ExecCompatError(`Codex config override at ${path} cannot be null`);
  throw new ExecCompatError(`Unsupported Codex config override value at ${path}: ${typeof value}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
