import { tomlKey, tomlString } from "./toml-string.js";

/**
 * Turns a config object into `--config key=value` arguments. Nested plain objects become dotted keys
 * (`{ model_providers: { mock: { name: "m" } } }` -> `model_providers.mock.name="m"`); values are TOML.
 */
export function configToArgs(config: Record<string, unknown>): string[] {
  const args: string[] = [];
  flatten(config, [], (path, value) => {
    args.push("--config", `${path.map(tomlKey).join(".")}=${tomlValue(value, path)}`);
  });
  return args;
}

function flatten(
  value: Record<string, unknown>,
  prefix: string[],
  emit: (path: string[], value: unknown) => void,
): void {
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    const path = [...prefix, key];
    if (isPlainObject(child) && Object.keys(child).length > 0) flatten(child, path, emit);
    else emit(path, child);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** TOML literal for a JSON-like value (strings through the shared escaper). */
export function tomlValue(value: unknown, path: readonly string[] = []): string {
  if (typeof value === "string") return tomlString(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value))
      throw new TypeError(`config ${path.join(".")}: ${value} is not a TOML number`);
    return String(value);
  }
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map((item) => tomlValue(item, path)).join(", ")}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v, [...path, k])}`).join(", ")}}`;
  }
  throw new TypeError(`config ${path.join(".")}: cannot express ${String(value)} in TOML`);
}
