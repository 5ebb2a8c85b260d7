import { jsDoc, literal } from "./header.js";
import type { MethodTables, RequestMethod } from "./methods.js";

type Namespace = "Wire" | "Camel";

function paramsType(entry: RequestMethod, ns: Namespace): string {
  if (entry.params === null) return "undefined";
  const type = `${ns}.${entry.params}`;
  return entry.paramsKind === "optional" ? `${type} | undefined` : type;
}

/** The member's description and, for experimental-only methods, the tag. */
function entryDoc(entry: { description?: string; experimentalOnly: boolean }): string {
  const lines = entry.description === undefined ? [] : [entry.description];
  if (entry.experimentalOnly) lines.push("@experimental");
  return jsDoc(lines, "  ");
}

function requestEntries(entries: readonly RequestMethod[], ns: Namespace): string {
  return entries
    .map((entry) => {
      const doc = entryDoc(entry);
      return `${doc}  ${literal(entry.method)}: { params: ${paramsType(entry, ns)}; result: ${ns}.${entry.result} };`;
    })
    .join("\n");
}

function requestMaps(
  name: string,
  experimentalName: string,
  entries: readonly RequestMethod[],
  ns: Namespace,
  what: string,
): string {
  const stable = entries.filter((entry) => !entry.experimentalOnly);
  const experimental = entries.filter((entry) => entry.experimentalOnly);
  return [
    jsDoc([`${what}: method -> { params, result } (${stable.length} stable methods).`]),
    `export interface ${name} {\n${requestEntries(stable, ns)}\n}\n\n`,
    jsDoc([
      `${what} including the experimental-only ones (${entries.length} methods; need \`experimentalApi\`).`,
    ]),
    `export interface ${experimentalName} extends ${name} {\n${requestEntries(experimental, ns)}\n}\n`,
  ].join("");
}

function constArray(name: string, type: string, values: readonly string[], doc: string): string {
  const items = values.map((value) => `\n  ${literal(value)},`).join("");
  return `${jsDoc([doc])}export const ${name} = [${items}${items ? "\n" : ""}] as const satisfies readonly ${type}[];\n`;
}

export function emitMethodMaps(
  tables: MethodTables,
  experimentalParamFields: ReadonlyMap<string, readonly string[]>,
  header: string,
): string {
  const { clientRequests, serverRequests, serverNotifications } = tables;
  const notificationEntries = (ns: Namespace): string =>
    serverNotifications
      .map((entry) => {
        return `${entryDoc(entry)}  ${literal(entry.method)}: ${ns}.${entry.params};`;
      })
      .join("\n");
  const parts: string[] = [
    header,
    'import type * as Camel from "./camel-types.js";\nimport type * as Wire from "./wire-types.js";\n',
    requestMaps(
      "ClientRequestMap",
      "ExperimentalClientRequestMap",
      clientRequests,
      "Wire",
      "Client requests (wire spelling)",
    ),
    requestMaps(
      "CamelClientRequestMap",
      "CamelExperimentalClientRequestMap",
      clientRequests,
      "Camel",
      "Client requests (camelCase spelling)",
    ),
    requestMaps(
      "ServerRequestMap",
      "ExperimentalServerRequestMap",
      serverRequests,
      "Wire",
      "Server requests (wire spelling)",
    ),
    requestMaps(
      "CamelServerRequestMap",
      "CamelExperimentalServerRequestMap",
      serverRequests,
      "Camel",
      "Server requests (camelCase spelling)",
    ),
    `${jsDoc([`Server notifications (wire spelling): method -> params (${serverNotifications.length} methods).`])}export interface ServerNotificationMap {\n${notificationEntries("Wire")}\n}\n`,
    `${jsDoc(["Server notifications (camelCase spelling): method -> params."])}export interface CamelServerNotificationMap {\n${notificationEntries("Camel")}\n}\n`,
    `export type ClientRequestMethod = keyof ClientRequestMap;
export type ExperimentalClientRequestMethod = keyof ExperimentalClientRequestMap;
export type ServerNotificationMethod = keyof ServerNotificationMap;
export type ServerRequestMethod = keyof ServerRequestMap;
export type ExperimentalServerRequestMethod = keyof ExperimentalServerRequestMap;
`,
    constArray(
      "CLIENT_REQUEST_METHODS",
      "ClientRequestMethod",
      clientRequests.filter((entry) => !entry.experimentalOnly).map((entry) => entry.method),
      "Every stable client request method.",
    ),
    constArray(
      "EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS",
      "ExperimentalClientRequestMethod",
      clientRequests.filter((entry) => entry.experimentalOnly).map((entry) => entry.method),
      "Client request methods that exist only with the `experimentalApi` capability.",
    ),
    constArray(
      "SERVER_NOTIFICATION_METHODS",
      "ServerNotificationMethod",
      serverNotifications.map((entry) => entry.method),
      "Every server notification method.",
    ),
    constArray(
      "SERVER_REQUEST_METHODS",
      "ServerRequestMethod",
      serverRequests.filter((entry) => !entry.experimentalOnly).map((entry) => entry.method),
      "Every stable server request method.",
    ),
    constArray(
      "EXPERIMENTAL_ONLY_SERVER_REQUEST_METHODS",
      "ExperimentalServerRequestMethod",
      serverRequests.filter((entry) => entry.experimentalOnly).map((entry) => entry.method),
      "Server request methods sent only to clients with the `experimentalApi` capability.",
    ),
    `${jsDoc([
      "Client methods whose schema params are `null`: the map types their params as `undefined`, the wire still",
      "needs an object (`{}`; codex rejects a request without `params`).",
    ])}export const PARAMLESS_CLIENT_METHODS: ReadonlySet<ExperimentalClientRequestMethod> = new Set([\n${clientRequests
      .filter((entry) => entry.paramsKind === "none")
      .map((entry) => `  ${literal(entry.method)},`)
      .join("\n")}\n]);\n`,
    `${jsDoc(["Client methods whose params may be omitted (`params | null` in the schema); send `{}` for none."])}export const OPTIONAL_PARAMS_CLIENT_METHODS: ReadonlySet<ExperimentalClientRequestMethod> = new Set([\n${clientRequests
      .filter((entry) => entry.paramsKind === "optional")
      .map((entry) => `  ${literal(entry.method)},`)
      .join("\n")}\n]);\n`,
    `${jsDoc([
      "For each stable client method, the params fields that exist only with `experimentalApi`, as wire paths:",
      "`a.b` is field `b` of object field `a`, `a[]` the items of array `a`, `a.*` the values of map `a`.",
    ])}export const EXPERIMENTAL_PARAM_FIELDS: { readonly [M in ClientRequestMethod]?: readonly string[] } = {\n${[
      ...experimentalParamFields,
    ]
      .map(([method, fields]) => `  ${literal(method)}: [${fields.map(literal).join(", ")}],`)
      .join("\n")}\n};\n`,
  ];
  return parts.join("\n");
}
