import { createRequire } from "node:module";
import type { Ajv, ValidateFunction } from "ajv";
import { issuesFromAjvErrors, type SchemaValidationResult } from "./validation-issues.js";

export type { SchemaValidationIssue, SchemaValidationResult } from "./validation-issues.js";

export type ParamsKind = "required" | "optional" | "none";
/** A request method's params definition (null: the method takes none), result definition and params kind. */
export type RequestRow = readonly [params: string | null, result: string, paramsKind: ParamsKind];
/** Request method -> its row. */
export type RequestRows = Readonly<Record<string, RequestRow>>;
/** Notification method -> its params definition. */
export type NotificationRows = Readonly<Record<string, string>>;
/** Which side sends the requests of a table (named in the unknown-method issue). */
export type RequestKind = "client request" | "server request";

export interface SchemaValidator {
  /** Checks a request's params against the method's row in `requests`. */
  requestParams(
    requests: RequestRows,
    kind: RequestKind,
    method: string,
    params: unknown,
  ): SchemaValidationResult;
  /** Checks a request's result against the method's row in `requests`. */
  requestResult(
    requests: RequestRows,
    kind: RequestKind,
    method: string,
    result: unknown,
  ): SchemaValidationResult;
  /** Checks a notification's params against the method's definition in `notifications`. */
  notificationParams(
    notifications: NotificationRows,
    method: string,
    params: unknown,
  ): SchemaValidationResult;
  /** Checks a value against a schema definition by name. */
  definition(name: string, value: unknown): SchemaValidationResult;
}

const SCHEMA_ID = "codex-app-server";

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function unknownMethod(kind: string, method: string): SchemaValidationResult {
  return {
    ok: false,
    issues: [{ path: "/method", message: `unknown ${kind} method ${JSON.stringify(method)}` }],
  };
}

/**
 * A validator over the schema definitions given as JSON text. Nothing is parsed, loaded or compiled until the
 * first check: ajv is most of what importing the generated code would otherwise cost.
 */
export function createSchemaValidator(definitionsJson: string): SchemaValidator {
  let definitions: Readonly<Record<string, object>> | undefined;
  let ajv: Ajv | undefined;
  const compiled = new Map<string, ValidateFunction>();

  function schemaDefinitions(): Readonly<Record<string, object>> {
    definitions ??= JSON.parse(definitionsJson) as Record<string, object>;
    return definitions;
  }

  /** Compiles a definition's validator on first use. */
  function validatorFor(definition: string): ValidateFunction {
    let validate = compiled.get(definition);
    if (validate === undefined) {
      if (ajv === undefined) {
        const { Ajv: AjvClass } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
        ajv = new AjvClass({ strict: false, allErrors: true, allowUnionTypes: true, validateSchema: false });
        ajv.addSchema({ $id: SCHEMA_ID, definitions: schemaDefinitions() });
      }
      validate = ajv.compile({ $ref: `${SCHEMA_ID}#/definitions/${definition}` });
      compiled.set(definition, validate);
    }
    return validate;
  }

  function validate(definition: string, value: unknown, prefix: string): SchemaValidationResult {
    const check = validatorFor(definition);
    if (check(value)) return { ok: true };
    return { ok: false, issues: issuesFromAjvErrors(check.errors ?? [], prefix) };
  }

  function validateParams(row: RequestRow, value: unknown): SchemaValidationResult {
    const [params, , kind] = row;
    const absent = value === undefined || value === null;
    if (params === null) {
      const empty =
        absent || (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
      return empty
        ? { ok: true }
        : {
            ok: false,
            issues: [{ path: "/params", message: "must be empty (this method takes no params)" }],
          };
    }
    if (absent && kind === "optional") return { ok: true };
    return validate(params, value, "/params");
  }

  return {
    requestParams(requests, kind, method, params) {
      const row = own(requests, method);
      return row === undefined ? unknownMethod(kind, method) : validateParams(row, params);
    },
    requestResult(requests, kind, method, result) {
      const row = own(requests, method);
      return row === undefined ? unknownMethod(kind, method) : validate(row[1], result, "/result");
    },
    notificationParams(notifications, method, params) {
      const definition = own(notifications, method);
      return definition === undefined
        ? unknownMethod("server notification", method)
        : validate(definition, params, "/params");
    },
    definition(name, value) {
      if (!Object.hasOwn(schemaDefinitions(), name)) {
        return {
          ok: false,
          issues: [{ path: "", message: `unknown schema definition ${JSON.stringify(name)}` }],
        };
      }
      return validate(name, value, "");
    },
  };
}
