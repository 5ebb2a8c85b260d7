// Finds the result type of a request the schema leaves without one: ask the real binary, then see which
// schema definitions the answer fits exactly, and whether the binary's own ts-rs output names a response.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveCodexBinary } from "@codex/runtime";
import { Ajv } from "ajv";
import { type Definitions, isObject } from "../json-schema.js";
import { words } from "../naming.js";
import { RawAppServer } from "./raw-app-server.js";

export interface ResultProbe {
  readonly method: string;
  readonly params: unknown;
  /** The answer's `result`, or undefined when the binary answered with an error. */
  readonly result: unknown;
  readonly error: unknown;
  /** `*Response` definitions the result fits exactly (every key known, every required key there), best first. */
  readonly matches: readonly string[];
  /** The `<Params base>Response` type `codex app-server generate-ts` writes, when it writes one. */
  readonly generateTsResponse: string | undefined;
}

/** Calls `method` with `params` on a real codex in a scratch CODEX_HOME and matches the answer. */
export async function probeResult(
  definitions: Definitions,
  method: string,
  params: unknown,
  paramsType: string | null,
  codexPath: string = resolveCodexBinary().path,
): Promise<ResultProbe> {
  const server = await RawAppServer.start(codexPath);
  try {
    await server.handshake();
    const reply = await server.request(method, params);
    return {
      method,
      params,
      result: reply.result,
      error: reply.error,
      matches: reply.error === undefined ? definitionsMatching(definitions, reply.result, method) : [],
      generateTsResponse: paramsType ? generateTsResponse(codexPath, paramsType) : undefined,
    };
  } finally {
    await server.close();
  }
}

/**
 * The `*Response` definitions `value` fits exactly (valid, no unknown key, no missing required key),
 * those sharing the most words with `method` first, then the tightest (fewest other fields).
 */
export function definitionsMatching(definitions: Definitions, value: unknown, method: string): string[] {
  const methodWords = new Set(words(method).map((word) => word.toLowerCase()));
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
  ajv.addSchema({ $id: "bundle", definitions });
  const matches: { name: string; known: number; shared: number }[] = [];
  for (const [name, schema] of Object.entries(definitions)) {
    if (!name.endsWith("Response") || !isObject(value)) continue;
    const properties = isObject(schema.properties) ? Object.keys(schema.properties) : [];
    const required = Array.isArray(schema.required) ? schema.required : [];
    const keys = Object.keys(value);
    if (!keys.every((key) => properties.includes(key))) continue;
    if (!required.every((key) => keys.includes(key))) continue;
    if (properties.length === 0 && keys.length > 0) continue;
    if (!ajv.getSchema(`bundle#/definitions/${name}`)?.(value)) continue;
    const shared = words(name.replace(/Response$/, "")).filter((word) => methodWords.has(word.toLowerCase()));
    matches.push({ name, known: properties.length, shared: shared.length });
  }
  return matches
    .sort((a, b) => b.shared - a.shared || a.known - b.known || a.name.localeCompare(b.name))
    .map((match) => match.name);
}

/** `FooParams` -> `FooResponse` when the binary's ts-rs output (`generate-ts`) has that file. */
function generateTsResponse(codexPath: string, paramsType: string): string | undefined {
  const out = mkdtempSync(join(tmpdir(), "codex-generate-ts-"));
  try {
    execFileSync(codexPath, ["app-server", "generate-ts", "--experimental", "--out", out], {
      stdio: "ignore",
    });
    const name = paramsType.replace(/Params$/, "Response");
    return [join(out, `${name}.ts`), join(out, "v2", `${name}.ts`)].some(existsSync) ? name : undefined;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
