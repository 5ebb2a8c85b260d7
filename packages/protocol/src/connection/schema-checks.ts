import type { ValidationIssue } from "../errors.js";
import {
  CLIENT_REQUEST_METHODS,
  EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS,
  EXPERIMENTAL_PARAM_FIELDS,
  SERVER_NOTIFICATION_METHODS,
  SERVER_REQUEST_METHODS,
} from "../generated/method-maps.js";

type ValidationResult = { ok: true } | { ok: false; issues: readonly ValidationIssue[] };
type Validator = (method: never, value: unknown) => ValidationResult;

const experimentalMethods: ReadonlySet<string> = new Set<string>(EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS);
const experimentalFields = EXPERIMENTAL_PARAM_FIELDS as Readonly<
  Record<string, readonly string[] | undefined>
>;
const clientMethods: ReadonlySet<string> = new Set<string>([
  ...CLIENT_REQUEST_METHODS,
  ...EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS,
]);
const notificationMethods: ReadonlySet<string> = new Set<string>(SERVER_NOTIFICATION_METHODS);
const serverRequestMethods: ReadonlySet<string> = new Set<string>(SERVER_REQUEST_METHODS);

/** The experimental method, or the first experimental params field that is set, if any. */
export function findExperimentalUse(method: string, params: unknown): { field?: string } | undefined {
  if (experimentalMethods.has(method)) return {};
  const fields = experimentalFields[method];
  if (!fields) return undefined;
  for (const field of fields) {
    if (isSet(params, field)) return { field };
  }
  return undefined;
}

/**
 * Whether a field path is set in `value`. Paths are codegen's: `a.b` is field `b` of object `a`,
 * `a[]` the items of array `a`, `a.*` the values of map `a`.
 */
function isSet(value: unknown, path: string): boolean {
  return isSetAt(value, path.split("."));
}

function isSetAt(value: unknown, segments: readonly string[]): boolean {
  if (segments.length === 0) return value !== undefined && value !== null;
  if (typeof value !== "object" || value === null) return false;
  const [segment, ...rest] = segments as [string, ...string[]];
  if (segment === "*") return Object.values(value).some((child) => isSetAt(child, rest));
  if (segment.endsWith("[]")) {
    const items = (value as Record<string, unknown>)[segment.slice(0, -2)];
    return Array.isArray(items) && items.some((item) => isSetAt(item, rest));
  }
  return isSetAt((value as Record<string, unknown>)[segment], rest);
}

type Validators = typeof import("../generated/validators.js");
type Check = { readonly methods: ReadonlySet<string>; readonly validate: Validator };

/** Set once loaded: the validators carry the ~300 KB schema data, which only a validating connection needs. */
let checks: Readonly<Record<CheckKind, Check>> | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads the schema validators (connect() awaits this when validation is on). Until then nothing of them is
 * read, so a connection without validation, the default, never parses the schema data.
 */
export function loadSchemaChecks(): Promise<void> {
  loading ??= import("../generated/validators.js").then((validators: Validators) => {
    checks = {
      clientRequestParams: {
        methods: clientMethods,
        validate: validators.validateClientRequestParams as Validator,
      },
      clientRequestResult: {
        methods: clientMethods,
        validate: validators.validateClientRequestResult as Validator,
      },
      serverNotificationParams: {
        methods: notificationMethods,
        validate: validators.validateServerNotificationParams as Validator,
      },
      serverRequestParams: {
        methods: serverRequestMethods,
        validate: validators.validateServerRequestParams as Validator,
      },
      serverRequestResult: {
        methods: serverRequestMethods,
        validate: validators.validateServerRequestResult as Validator,
      },
    };
  });
  return loading;
}

export type CheckKind =
  | "clientRequestParams"
  | "clientRequestResult"
  | "serverNotificationParams"
  | "serverRequestParams"
  | "serverRequestResult";

/** Issues found in something we are about to send; undefined when fine (or the method is unknown here). */
export function validateOutgoing(
  kind: CheckKind,
  method: string,
  value: unknown,
): readonly ValidationIssue[] | undefined {
  // Only a connection built without connect() gets here first; it fails this check (a ValidationError
  // that says why) and loads the validators for the next ones.
  if (checks === undefined) return notLoaded();
  return run(checks, kind, method, value);
}

/**
 * Issues found in something received. Unknown methods are skipped: newer servers add them, and that is
 * not drift. The generated validators tolerate unknown fields.
 */
export function validateIncoming(
  kind: CheckKind,
  method: string,
  value: unknown,
): readonly ValidationIssue[] | undefined {
  // Drift is only reported; until the validators are loaded (see validateOutgoing) it is not checked.
  if (checks === undefined) {
    void loadSchemaChecks();
    return undefined;
  }
  return run(checks, kind, method, value);
}

function notLoaded(): readonly ValidationIssue[] {
  void loadSchemaChecks();
  return [
    {
      path: "",
      message: "the schema validators were not loaded yet: create validating connections with connect()",
    },
  ];
}

function run(
  loaded: Readonly<Record<CheckKind, Check>>,
  kind: CheckKind,
  method: string,
  value: unknown,
): readonly ValidationIssue[] | undefined {
  const check = loaded[kind];
  if (!check.methods.has(method)) return undefined;
  const result = check.validate(method as never, value);
  return result.ok ? undefined : result.issues;
}
