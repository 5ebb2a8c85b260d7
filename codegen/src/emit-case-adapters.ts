import type { AdapterPlanner, Plan } from "./adapter-plans.js";
import { literal, propertyKey } from "./header.js";
import type { MethodTables } from "./methods.js";

/** The walker every generated table feeds; kept as source text so the output has no runtime dependency. */
const WALKER = `type Plan = 0 | string | ObjectPlan | ArrayPlan | TuplePlan | TaggedPlan | UnionPlan;
interface ObjectPlan {
  readonly f?: Readonly<Record<string, readonly [camelKey: string, plan?: Plan]>>;
  readonly m?: Plan;
}
interface ArrayPlan {
  readonly a: Plan;
}
interface TuplePlan {
  readonly t: readonly Plan[];
}
interface TaggedPlan {
  readonly d: string;
  readonly v: Readonly<Record<string, Plan>>;
}
interface UnionMember {
  readonly p: Plan;
  readonly r?: readonly string[];
  readonly c?: Readonly<Record<string, unknown>>;
  readonly k?: "a";
}
interface UnionPlan {
  readonly u: readonly UnionMember[];
}
type Fields = ReadonlyMap<string, readonly [key: string, plan?: Plan]>;

const wireFieldsByCamelKey = new WeakMap<ObjectPlan, Fields>();

function camelSpelling(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** camel key -> [wire key, plan], plus the wire keys themselves: inputs may use either spelling. */
function wireFields(plan: ObjectPlan): Fields {
  let fields = wireFieldsByCamelKey.get(plan);
  if (fields === undefined) {
    const map = new Map<string, readonly [string, Plan?]>();
    for (const [wireKey, [camelKey, child]] of Object.entries(plan.f ?? {})) {
      map.set(wireKey, [wireKey, child]);
      map.set(camelKey, [wireKey, child]);
    }
    fields = map;
    wireFieldsByCamelKey.set(plan, fields);
  }
  return fields;
}

function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function hasField(value: Record<string, unknown>, wireKey: string): boolean {
  return Object.hasOwn(value, wireKey) || Object.hasOwn(value, camelSpelling(wireKey));
}

function pickMember(members: readonly UnionMember[], value: object): UnionMember | undefined {
  const isArray = Array.isArray(value);
  for (const member of members) {
    if ((member.k === "a") !== isArray) continue;
    if (isArray) return member;
    const record = value as Record<string, unknown>;
    if (member.r && !member.r.every((key) => hasField(record, key))) continue;
    if (member.c && !Object.entries(member.c).every(([key, expected]) => record[key] === expected)) continue;
    return member;
  }
  return undefined;
}

function convertObject(plan: ObjectPlan, value: Record<string, unknown>, toCamel: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const fields = toCamel ? undefined : wireFields(plan);
  for (const [key, child] of Object.entries(value)) {
    const field = toCamel ? (plan.f !== undefined && Object.hasOwn(plan.f, key) ? plan.f[key] : undefined) : fields?.get(key);
    if (field !== undefined) {
      const [targetKey, childPlan] = field;
      assign(out, targetKey, childPlan === undefined ? child : convert(childPlan, child, toCamel));
    } else {
      // Unknown fields (a newer codex) and map keys pass through unchanged.
      assign(out, key, plan.m === undefined ? child : convert(plan.m, child, toCamel));
    }
  }
  return out;
}

function convert(plan: Plan, value: unknown, toCamel: boolean): unknown {
  if (plan === 0 || typeof value !== "object" || value === null) return value;
  if (typeof plan === "string") return convert(PLANS[plan] ?? 0, value, toCamel);
  if ("u" in plan) {
    const member = pickMember(plan.u, value);
    return member === undefined ? value : convert(member.p, value, toCamel);
  }
  if ("a" in plan) return Array.isArray(value) ? value.map((item) => convert(plan.a, item, toCamel)) : value;
  if ("t" in plan) {
    return Array.isArray(value) ? value.map((item, index) => convert(plan.t[index] ?? 0, item, toCamel)) : value;
  }
  if (Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  if ("d" in plan) {
    const tag = record[plan.d];
    const member = typeof tag === "string" && Object.hasOwn(plan.v, tag) ? plan.v[tag] : undefined;
    return member === undefined ? value : convert(member, value, toCamel);
  }
  return convertObject(plan, record, toCamel);
}

function byMethod(table: Readonly<Record<string, string>>, method: string, value: unknown, toCamel: boolean): unknown {
  const plan = Object.hasOwn(table, method) ? table[method] : undefined;
  // Methods absent from the table hold no snake_case field anywhere: nothing to walk.
  return plan === undefined ? value : convert(plan, value, toCamel);
}
`;

function planSource(plan: Plan): string {
  return JSON.stringify(plan);
}

function methodTable(name: string, doc: string, entries: readonly (readonly [string, Plan])[]): string {
  const rows = entries
    .filter(([, plan]) => plan !== 0)
    .map(([method, plan]) => `  ${literal(method)}: ${planSource(plan)},`)
    .join("\n");
  return `/** ${doc} */\nconst ${name}: Readonly<Record<string, string>> = {\n${rows}\n};\n`;
}

export function emitCaseAdapters(
  planner: AdapterPlanner,
  definitionNames: readonly string[],
  tables: MethodTables,
  header: string,
): string {
  const planRows = definitionNames
    .filter((name) => planner.needsConversion(name))
    .map((name) => `  ${propertyKey(name)}: ${planSource(planner.definitionPlan(name))},`)
    .join("\n");
  const paramsPlan = (params: string | null): Plan => (params === null ? 0 : planner.planFor(params));
  return `${header}
import type { CamelDefinitionMap, DefinitionName, WireDefinitionMap } from "./definition-maps.js";
import type {
  CamelExperimentalClientRequestMap,
  CamelExperimentalServerRequestMap,
  CamelServerNotificationMap,
  ExperimentalClientRequestMap,
  ExperimentalClientRequestMethod,
  ExperimentalServerRequestMap,
  ExperimentalServerRequestMethod,
  ServerNotificationMap,
  ServerNotificationMethod,
} from "./method-maps.js";

${WALKER}
/** Conversion plans of the definitions that hold a snake_case field somewhere (the others are left as is). */
const PLANS: Readonly<Record<string, Plan>> = {
${planRows}
};

${methodTable(
  "CLIENT_REQUEST_PARAMS",
  "Client methods whose params need converting.",
  tables.clientRequests.map((entry) => [entry.method, paramsPlan(entry.params)]),
)}
${methodTable(
  "CLIENT_REQUEST_RESULTS",
  "Client methods whose results need converting.",
  tables.clientRequests.map((entry) => [entry.method, planner.planFor(entry.result)]),
)}
${methodTable(
  "SERVER_NOTIFICATION_PARAMS",
  "Notifications whose params need converting.",
  tables.serverNotifications.map((entry) => [entry.method, planner.planFor(entry.params)]),
)}
${methodTable(
  "SERVER_REQUEST_PARAMS",
  "Server requests whose params need converting.",
  tables.serverRequests.map((entry) => [entry.method, paramsPlan(entry.params)]),
)}
${methodTable(
  "SERVER_REQUEST_RESULTS",
  "Server requests whose results need converting.",
  tables.serverRequests.map((entry) => [entry.method, planner.planFor(entry.result)]),
)}
/** camelCase (or wire) client params -> the wire's exact field names. */
export function clientRequestParamsToWire<M extends ExperimentalClientRequestMethod>(
  method: M,
  params: CamelExperimentalClientRequestMap[M]["params"] | ExperimentalClientRequestMap[M]["params"],
): ExperimentalClientRequestMap[M]["params"] {
  return byMethod(CLIENT_REQUEST_PARAMS, method, params, false) as ExperimentalClientRequestMap[M]["params"];
}

/** A client request's wire result -> camelCase. */
export function clientRequestResultToCamel<M extends ExperimentalClientRequestMethod>(
  method: M,
  result: ExperimentalClientRequestMap[M]["result"],
): CamelExperimentalClientRequestMap[M]["result"] {
  return byMethod(CLIENT_REQUEST_RESULTS, method, result, true) as CamelExperimentalClientRequestMap[M]["result"];
}

/** A notification's wire params -> camelCase. */
export function serverNotificationParamsToCamel<M extends ServerNotificationMethod>(
  method: M,
  params: ServerNotificationMap[M],
): CamelServerNotificationMap[M] {
  return byMethod(SERVER_NOTIFICATION_PARAMS, method, params, true) as CamelServerNotificationMap[M];
}

/** A server request's wire params -> camelCase. */
export function serverRequestParamsToCamel<M extends ExperimentalServerRequestMethod>(
  method: M,
  params: ExperimentalServerRequestMap[M]["params"],
): CamelExperimentalServerRequestMap[M]["params"] {
  return byMethod(SERVER_REQUEST_PARAMS, method, params, true) as CamelExperimentalServerRequestMap[M]["params"];
}

/** camelCase (or wire) reply to a server request -> the wire's exact field names. */
export function serverRequestResultToWire<M extends ExperimentalServerRequestMethod>(
  method: M,
  result: CamelExperimentalServerRequestMap[M]["result"] | ExperimentalServerRequestMap[M]["result"],
): ExperimentalServerRequestMap[M]["result"] {
  return byMethod(SERVER_REQUEST_RESULTS, method, result, false) as ExperimentalServerRequestMap[M]["result"];
}

/** A wire value of a schema definition -> camelCase. */
export function toCamel<N extends DefinitionName>(definition: N, value: WireDefinitionMap[N]): CamelDefinitionMap[N] {
  return convert(Object.hasOwn(PLANS, definition) ? definition : 0, value, true) as CamelDefinitionMap[N];
}

/** A camelCase (or wire) value of a schema definition -> the wire's exact field names. */
export function toWire<N extends DefinitionName>(
  definition: N,
  value: CamelDefinitionMap[N] | WireDefinitionMap[N],
): WireDefinitionMap[N] {
  return convert(Object.hasOwn(PLANS, definition) ? definition : 0, value, false) as WireDefinitionMap[N];
}

/** Whether values of this definition are ever rewritten (false: the adapters return them untouched). */
export function hasSnakeCaseFields(definition: DefinitionName): boolean {
  return Object.hasOwn(PLANS, definition);
}
`;
}

export function emitDefinitionMaps(definitionNames: readonly string[], header: string): string {
  const rows = (ns: string): string =>
    definitionNames.map((name) => `  ${propertyKey(name)}: ${ns}.${name};`).join("\n");
  return `${header}
import type * as Camel from "./camel-types.js";
import type * as Wire from "./wire-types.js";

/** Every schema definition name -> its wire type. */
export interface WireDefinitionMap {
${rows("Wire")}
}

/** Every schema definition name -> its camelCase twin. */
export interface CamelDefinitionMap {
${rows("Camel")}
}

export type DefinitionName = keyof WireDefinitionMap;
`;
}
