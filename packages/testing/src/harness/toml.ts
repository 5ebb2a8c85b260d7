// Keys and strings go through the protocol's escaper, the one the --config flattener uses.
import { tomlKey, tomlString } from "@codex/app-server-protocol";

export { tomlKey, tomlString };

/** A value toToml can write. `undefined` and `null` members are skipped (TOML has no null). */
export type TomlValue =
  | string
  | number
  | boolean
  | Date
  | null
  | undefined
  | readonly TomlValue[]
  | { readonly [key: string]: TomlValue };

export type TomlTable = { readonly [key: string]: TomlValue };

function isTable(value: TomlValue): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isArrayOfTables(value: TomlValue): value is readonly TomlTable[] {
  return Array.isArray(value) && value.length > 0 && value.every((element: TomlValue) => isTable(element));
}

function tomlNumber(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  return String(value);
}

function inlineValue(value: TomlValue, path: string): string {
  if (typeof value === "string") return tomlString(value);
  if (typeof value === "number") return tomlNumber(value);
  if (typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    return `[${value
      .map((element: TomlValue, index: number) => {
        if (element === null || element === undefined) {
          throw new TypeError(
            `toToml: ${path}[${index}] is ${String(element)}; TOML arrays cannot hold null`,
          );
        }
        return inlineValue(element, `${path}[${index}]`);
      })
      .join(", ")}]`;
  }
  if (isTable(value)) {
    const members = Object.entries(value)
      .filter(([, member]) => member !== null && member !== undefined)
      .map(([key, member]) => `${tomlKey(key)} = ${inlineValue(member, `${path}.${key}`)}`);
    return members.length === 0 ? "{}" : `{ ${members.join(", ")} }`;
  }
  throw new TypeError(`toToml: ${path} has no TOML form (${String(value)})`);
}

function writeTable(
  table: TomlTable,
  keyPath: readonly string[],
  lines: string[],
  header: string | undefined,
): void {
  const entries = Object.entries(table).filter(([, value]) => value !== null && value !== undefined);
  const plain = entries.filter(([, value]) => !isTable(value) && !isArrayOfTables(value));
  const tables = entries.filter(([, value]) => isTable(value));
  const tableArrays = entries.filter(([, value]) => isArrayOfTables(value));

  // A header is needed when the table holds values, or is empty and would vanish otherwise.
  if (header !== undefined && (plain.length > 0 || entries.length === 0)) {
    if (lines.length > 0) lines.push("");
    lines.push(header);
  }
  for (const [key, value] of plain)
    lines.push(`${tomlKey(key)} = ${inlineValue(value, [...keyPath, key].join("."))}`);
  for (const [key, value] of tables) {
    const childPath = [...keyPath, key];
    writeTable(value as TomlTable, childPath, lines, `[${childPath.map(tomlKey).join(".")}]`);
  }
  for (const [key, value] of tableArrays) {
    const childPath = [...keyPath, key];
    for (const element of value as readonly TomlTable[]) {
      if (lines.length > 0) lines.push("");
      lines.push(`[[${childPath.map(tomlKey).join(".")}]]`);
      writeTable(element, childPath, lines, undefined);
    }
  }
}

/**
 * Writes a plain object as a TOML document: scalars and arrays, nested objects as `[tables]`,
 * arrays of objects as `[[arrays of tables]]`. Enough for codex config files.
 */
export function toToml(document: TomlTable): string {
  const lines: string[] = [];
  writeTable(document, [], lines, undefined);
  return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
}
