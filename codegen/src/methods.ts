import { type Definitions, type JsonSchema, refName } from "./json-schema.js";
import { words } from "./naming.js";
import { RESULT_TYPE_OVERRIDE_TABLE } from "./result-type-overrides.js";

/** How a method's `params` appear in its union member. */
export type ParamsKind = "required" | "optional" | "none";

export interface RequestMethod {
  readonly method: string;
  /** Definition name of the params, or null when the schema says `params: null`. */
  readonly params: string | null;
  readonly paramsKind: ParamsKind;
  /** Definition name of the result. */
  readonly result: string;
  readonly experimentalOnly: boolean;
  /** The union member's description, if the schema has one. */
  readonly description?: string;
}

export interface NotificationMethod {
  readonly method: string;
  readonly params: string;
  readonly experimentalOnly: boolean;
  readonly description?: string;
}

export interface MethodTables {
  readonly clientRequests: readonly RequestMethod[];
  readonly serverRequests: readonly RequestMethod[];
  readonly serverNotifications: readonly NotificationMethod[];
}

/**
 * Methods whose result type no naming rule can find, as method -> definition (from
 * RESULT_TYPE_OVERRIDE_TABLE, where each entry says why and is confirmed on the real binary). Each entry
 * is checked: one for a method the schema no longer has, or that a naming rule now resolves, fails the build.
 */
export const RESULT_TYPE_OVERRIDES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(RESULT_TYPE_OVERRIDE_TABLE).map(([method, entry]) => [method, entry.result]),
);

interface UnionMember {
  readonly method: string;
  readonly params: string | null;
  readonly paramsKind: ParamsKind;
  readonly description?: string;
}

function unionMembers(definitions: Definitions, unionName: string): UnionMember[] {
  const union = definitions[unionName];
  const members = union?.oneOf ?? union?.anyOf;
  if (!members) throw new Error(`the schema has no ${unionName} union`);
  return members.map((member) => {
    const methodSchema = member.properties?.method;
    const method = methodSchema?.enum?.[0] ?? methodSchema?.const;
    if (typeof method !== "string") throw new Error(`${unionName}: a member has no method name`);
    const description = member.description === undefined ? {} : { description: member.description };
    return { method, ...paramsOf(member.properties?.params, `${unionName} ${method}`), ...description };
  });
}

function paramsOf(
  schema: JsonSchema | undefined,
  label: string,
): { params: string | null; paramsKind: ParamsKind } {
  if (schema === undefined || schema.type === "null") return { params: null, paramsKind: "none" };
  if (schema.$ref) return { params: refName(schema.$ref), paramsKind: "required" };
  const options = schema.anyOf ?? schema.oneOf ?? [];
  const refs = options.filter((option) => option.$ref);
  const others = options.filter((option) => !option.$ref);
  if (refs.length === 1 && others.every((option) => option.type === "null")) {
    return { params: refName(refs[0]!.$ref!), paramsKind: "optional" };
  }
  throw new Error(`${label}: unsupported params schema ${JSON.stringify(schema)}`);
}

/** Lowercase words, singular, `get` read as `read`, so `GetWorkspaceMessages` meets `account/workspaceMessages/read`. */
function normalisedWords(text: string): Set<string> {
  return new Set(
    words(text).map((word) => {
      if (word === "get") return "read";
      return word.length > 3 && word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
    }),
  );
}

/**
 * Finds each request's result definition:
 * 1. params `FooParams` -> `FooResponse` when that exists;
 * 2. otherwise the unclaimed `*Response` definition whose words are all words of the method name (and of its
 *    params name), the one with the most words; a tie is an error;
 * 3. otherwise RESULT_TYPE_OVERRIDES. A method left without a result fails the build.
 */
export function resolveResultTypes(
  definitions: Definitions,
  members: readonly UnionMember[],
  overrides: Readonly<Record<string, string>>,
): Map<string, string> {
  const results = new Map<string, string>();
  const claimed = new Set<string>();
  for (const member of members) {
    const direct = member.params?.replace(/Params$/, "Response");
    if (direct && direct !== member.params && definitions[direct]) {
      results.set(member.method, direct);
      claimed.add(direct);
    }
  }
  const candidates = Object.keys(definitions).filter(
    (name) => name.endsWith("Response") && !claimed.has(name) && !name.startsWith("JSONRPC"),
  );
  const unresolved: string[] = [];
  for (const member of members) {
    if (results.has(member.method)) {
      if (overrides[member.method] !== undefined) {
        throw new Error(
          `result type override ${member.method} (-> ${overrides[member.method]}) is stale: the schema now has ${results.get(member.method)}; remove the override from codegen/src/result-type-overrides.ts`,
        );
      }
      continue;
    }
    const override = overrides[member.method];
    if (override !== undefined) {
      if (!definitions[override])
        throw new Error(`result type override ${member.method} -> ${override}: no such definition`);
      results.set(member.method, override);
      continue;
    }
    const methodWords = normalisedWords(`${member.method} ${member.params?.replace(/Params$/, "") ?? ""}`);
    let best: string[] = [];
    let bestSize = 0;
    for (const candidate of candidates) {
      const candidateWords = normalisedWords(candidate.replace(/Response$/, ""));
      if (![...candidateWords].every((word) => methodWords.has(word))) continue;
      if (candidateWords.size > bestSize) {
        best = [candidate];
        bestSize = candidateWords.size;
      } else if (candidateWords.size === bestSize) best.push(candidate);
    }
    if (best.length > 1) throw new Error(`${member.method}: ambiguous result type (${best.join(", ")})`);
    if (best.length === 1) results.set(member.method, best[0]!);
    else unresolved.push(member.method);
  }
  if (unresolved.length > 0) throw new Error(unresolvedResultMessage(members, unresolved));
  for (const [method, result] of Object.entries(overrides)) {
    if (!members.some((member) => member.method === method)) {
      throw new Error(`result type override ${method} (-> ${result}): the schema no longer has this method`);
    }
  }
  return results;
}

/** What to do about requests the schema gives no response type: exact steps, one method per line. */
function unresolvedResultMessage(members: readonly UnionMember[], unresolved: readonly string[]): string {
  const lines = unresolved.map((method) => {
    const params = members.find((member) => member.method === method)?.params;
    return `  - ${method} (params ${params ?? "none"}): no ${params ? params.replace(/Params$/, "Response") : "*Response"} definition`;
  });
  return [
    `no result type for ${unresolved.join(", ")}: the schema has no response definition for ${unresolved.length === 1 ? "it" : "them"}.`,
    ...lines,
    "For each method:",
    `  1. pnpm codegen:probe --codex <version> <method> '<params JSON>'  calls it on that codex release (fetched from the npm`,
    "     registry; leave --codex out for the pinned one) in a scratch CODEX_HOME, prints the answer, the schema definitions",
    "     whose shape it matches, and the response type `codex app-server generate-ts` has for it, if any;",
    "  2. add { result, evidence, probeParams } for it to RESULT_TYPE_OVERRIDE_TABLE in codegen/src/result-type-overrides.ts",
    "     (result: the generate-ts type when it has one and the schema defines it, otherwise the definition the probe matched);",
    "  3. pnpm --filter @codex/codegen test confirms every override against the real binary (test/real/result-type-overrides.test.ts).",
  ].join("\n");
}

function requestTable(
  definitions: Definitions,
  stable: Definitions,
  unionName: string,
  overrides: Readonly<Record<string, string>>,
): RequestMethod[] {
  const members = unionMembers(definitions, unionName);
  const stableMethods = new Set(unionMembers(stable, unionName).map((member) => member.method));
  const results = resolveResultTypes(definitions, members, overrides);
  return members.map((member) => ({
    ...member,
    result: results.get(member.method)!,
    experimentalOnly: !stableMethods.has(member.method),
  }));
}

/** The three method tables; `overrides` applies to client requests (see RESULT_TYPE_OVERRIDES). */
export function extractMethods(
  definitions: Definitions,
  stable: Definitions,
  overrides: Readonly<Record<string, string>> = RESULT_TYPE_OVERRIDES,
): MethodTables {
  const stableNotifications = new Set(
    unionMembers(stable, "ServerNotification").map((member) => member.method),
  );
  const serverNotifications = unionMembers(definitions, "ServerNotification").map((member) => {
    if (member.params === null || member.paramsKind !== "required") {
      throw new Error(`notification ${member.method}: params must be a $ref`);
    }
    return {
      method: member.method,
      params: member.params,
      experimentalOnly: !stableNotifications.has(member.method),
    };
  });
  const check = (methods: readonly { method: string }[], label: string): void => {
    const seen = new Set<string>();
    for (const { method } of methods) {
      if (seen.has(method)) throw new Error(`${label}: method ${method} appears twice`);
      seen.add(method);
    }
  };
  const tables: MethodTables = {
    clientRequests: requestTable(definitions, stable, "ClientRequest", overrides),
    serverRequests: requestTable(definitions, stable, "ServerRequest", {}),
    serverNotifications,
  };
  check(tables.clientRequests, "ClientRequest");
  check(tables.serverRequests, "ServerRequest");
  check(tables.serverNotifications, "ServerNotification");
  return tables;
}

/** The message unions whose member titles collide with params names (see protocol.md "Codegen notes"). */
export const UNION_NAMES: ReadonlySet<string> = new Set([
  "ClientRequest",
  "ClientNotification",
  "ServerNotification",
  "ServerRequest",
]);
