import type { AdapterPlanner, Plan } from "./adapter-plans.js";
import { literal, propertyKey } from "./header.js";
import type { MethodTables } from "./methods.js";

function planSource(plan: Plan): string {
  return JSON.stringify(plan);
}

function methodTable(name: string, doc: string, entries: readonly (readonly [string, Plan])[]): string {
  const rows = entries
    .filter(([, plan]) => plan !== 0)
    .map(([method, plan]) => `  ${literal(method)}: ${planSource(plan)},`)
    .join("\n");
  return `/** ${doc} */\nconst ${name}: MethodPlans = {\n${rows}\n};\n`;
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
import { createCaseWalker, type MethodPlans, type NamedPlans } from "../case-adapters/case-walker.js";
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

/** Conversion plans of the definitions that hold a snake_case field somewhere (the others are left as is). */
const PLANS: NamedPlans = {
${planRows}
};

const walker = createCaseWalker(PLANS);

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
  return walker.convertByMethod(CLIENT_REQUEST_PARAMS, method, params, "toWire") as ExperimentalClientRequestMap[M]["params"];
}

/** A client request's wire result -> camelCase. */
export function clientRequestResultToCamel<M extends ExperimentalClientRequestMethod>(
  method: M,
  result: ExperimentalClientRequestMap[M]["result"],
): CamelExperimentalClientRequestMap[M]["result"] {
  return walker.convertByMethod(CLIENT_REQUEST_RESULTS, method, result, "toCamel") as CamelExperimentalClientRequestMap[M]["result"];
}

/** A notification's wire params -> camelCase. */
export function serverNotificationParamsToCamel<M extends ServerNotificationMethod>(
  method: M,
  params: ServerNotificationMap[M],
): CamelServerNotificationMap[M] {
  return walker.convertByMethod(SERVER_NOTIFICATION_PARAMS, method, params, "toCamel") as CamelServerNotificationMap[M];
}

/** A server request's wire params -> camelCase. */
export function serverRequestParamsToCamel<M extends ExperimentalServerRequestMethod>(
  method: M,
  params: ExperimentalServerRequestMap[M]["params"],
): CamelExperimentalServerRequestMap[M]["params"] {
  return walker.convertByMethod(SERVER_REQUEST_PARAMS, method, params, "toCamel") as CamelExperimentalServerRequestMap[M]["params"];
}

/** camelCase (or wire) reply to a server request -> the wire's exact field names. */
export function serverRequestResultToWire<M extends ExperimentalServerRequestMethod>(
  method: M,
  result: CamelExperimentalServerRequestMap[M]["result"] | ExperimentalServerRequestMap[M]["result"],
): ExperimentalServerRequestMap[M]["result"] {
  return walker.convertByMethod(SERVER_REQUEST_RESULTS, method, result, "toWire") as ExperimentalServerRequestMap[M]["result"];
}

/** A wire value of a schema definition -> camelCase. */
export function toCamel<N extends DefinitionName>(definition: N, value: WireDefinitionMap[N]): CamelDefinitionMap[N] {
  return walker.convert(definition, value, "toCamel") as CamelDefinitionMap[N];
}

/** A camelCase (or wire) value of a schema definition -> the wire's exact field names. */
export function toWire<N extends DefinitionName>(
  definition: N,
  value: CamelDefinitionMap[N] | WireDefinitionMap[N],
): WireDefinitionMap[N] {
  return walker.convert(definition, value, "toWire") as WireDefinitionMap[N];
}

/** Whether values of this definition are ever rewritten (false: the adapters return them untouched). */
export function hasSnakeCaseFields(definition: DefinitionName): boolean {
  return walker.hasPlan(definition);
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
