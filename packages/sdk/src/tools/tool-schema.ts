import { createRequire } from "node:module";
import type { Ajv, ValidateFunction } from "ajv";
import { isStandardSchema } from "../structured-output/is-standard-schema.js";
import type { JsonSchema } from "../structured-output/schema-types.js";
import type { StandardSchema } from "../structured-output/standard-schema.js";
import { ToolDefinitionError } from "./tool-errors.js";

/** A tool's input schema, ready: the JSON Schema codex shows the model, and a local validator. */
export interface PreparedToolSchema {
  readonly jsonSchema: JsonSchema;
  /** The validated (and, for Standard Schemas, transformed) arguments, or the problems found. */
  validate(args: unknown): Promise<ToolValidation>;
}

export type ToolValidation =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly issues: readonly string[] };

/** Standard JSON Schema's input side: the model writes the schema's input, `validate` makes the output. */
interface StandardJsonSchemaConverter {
  readonly input?: (options: { readonly target: string }) => Record<string, unknown>;
  readonly output?: (options: { readonly target: string }) => Record<string, unknown>;
}

let ajv: Ajv | undefined;

/** Prepares `schema` for the tool `name`; throws ToolDefinitionError for a schema it cannot use. */
export function prepareToolSchema(name: string, schema: unknown): PreparedToolSchema {
  if (isStandardSchema(schema)) {
    const jsonSchema = objectSchema(name, standardToJsonSchema(name, schema));
    return {
      jsonSchema,
      async validate(args) {
        const result = await schema["~standard"].validate(args);
        if (!result.issues) return { ok: true, value: result.value };
        return { ok: false, issues: result.issues.map((i) => `${issuePath(i.path)}: ${i.message}`) };
      },
    };
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new ToolDefinitionError(
      `Tool ${name}: inputSchema must be a JSON Schema object or a Standard Schema (zod, valibot...).`,
      name,
    );
  }
  const jsonSchema = objectSchema(name, schema as JsonSchema);
  const check = compile(name, jsonSchema);
  return {
    jsonSchema,
    async validate(args) {
      if (check(args)) return { ok: true, value: args };
      return {
        ok: false,
        issues: (check.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? e.keyword}`),
      };
    },
  };
}

/** The model calls functions with an object of named arguments; codex passes the schema on as-is. */
function objectSchema(name: string, schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, ...rest } = schema;
  const type = rest.type;
  if (type !== "object" && !(rest.properties && type === undefined)) {
    throw new ToolDefinitionError(
      `Tool ${name}: inputSchema must describe an object (the model passes named arguments), got type ${JSON.stringify(type)}.`,
      name,
    );
  }
  return type === undefined ? { type: "object", ...rest } : rest;
}

function standardToJsonSchema(name: string, schema: StandardSchema): JsonSchema {
  const converter = schema["~standard"].jsonSchema as StandardJsonSchemaConverter | undefined;
  const convert = converter?.input ?? converter?.output;
  if (convert) {
    try {
      return convert({ target: "draft-07" });
    } catch (cause) {
      throw new ToolDefinitionError(
        `Tool ${name}: this ${schema["~standard"].vendor} schema cannot be described as JSON Schema: ${(cause as Error).message}`,
        name,
        { cause },
      );
    }
  }
  const toJsonSchema = (schema as { toJSONSchema?: unknown }).toJSONSchema;
  if (typeof toJsonSchema === "function") return toJsonSchema.call(schema) as JsonSchema;
  throw new ToolDefinitionError(
    `Tool ${name}: this ${schema["~standard"].vendor} schema cannot describe itself as JSON Schema; pass a JSON Schema as inputSchema instead.`,
    name,
  );
}

function compile(name: string, schema: JsonSchema): ValidateFunction {
  // Loaded with the first JSON Schema tool, like structured output's: never on the SDK's import path.
  ajv ??= new (createRequire(import.meta.url)("ajv") as typeof import("ajv")).Ajv({
    allErrors: true,
    strict: false,
  });
  try {
    return ajv.compile(schema);
  } catch (cause) {
    throw new ToolDefinitionError(
      `Tool ${name}: inputSchema is not valid JSON Schema: ${(cause as Error).message}`,
      name,
      { cause },
    );
  }
}

function issuePath(path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined): string {
  if (!path || path.length === 0) return "/";
  return path.map((segment) => `/${String(typeof segment === "object" ? segment.key : segment)}`).join("");
}
