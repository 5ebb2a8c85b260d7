import { createRequire } from "node:module";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { OutputSchemaError, StructuredOutputError } from "../errors.js";
import { isStandardSchema } from "./is-standard-schema.js";
import type { JsonSchema, OutputOf, OutputSchema } from "./schema-types.js";
import type { StandardSchema } from "./standard-schema.js";
import { dropNullOptionals, toStrictJsonSchema } from "./strict-json-schema.js";

/** A schema ready for one turn: the strict JSON Schema sent to codex, and a local parser for the reply. */
export interface PreparedOutputSchema<T> {
  readonly jsonSchema: JsonSchema;
  parse(rawText: string): Promise<T>;
}

let ajv: Ajv | undefined;
const compiled = new WeakMap<object, ValidateFunction>();

export function prepareOutputSchema<S extends OutputSchema>(schema: S): PreparedOutputSchema<OutputOf<S>> {
  const standard = isStandardSchema(schema) ? schema : undefined;
  // A schema library's converter leaves `required` out when every property is optional; a hand-written
  // schema without `required` usually means "all of them".
  const jsonSchema = standard
    ? toStrictJsonSchema(standardToJsonSchema(standard), { unlistedMeansOptional: true })
    : toStrictJsonSchema(asJsonSchema(schema));
  const validate = compile(jsonSchema);
  return {
    jsonSchema,
    async parse(rawText) {
      let value: unknown;
      try {
        value = JSON.parse(rawText);
      } catch (cause) {
        throw new StructuredOutputError("The final response is not valid JSON.", rawText, [
          { path: "", message: (cause as Error).message },
        ]);
      }
      if (!validate(value)) {
        throw new StructuredOutputError(
          "The final response does not match the output schema.",
          rawText,
          (validate.errors ?? []).map(ajvIssue),
        );
      }
      // Optional properties were sent as required-and-nullable: a null there means "absent".
      const restored = dropNullOptionals(value, jsonSchema);
      if (!standard) return restored as OutputOf<S>;
      // The library's own validate also applies its transforms and refinements.
      const result = await standard["~standard"].validate(restored);
      if (result.issues) {
        throw new StructuredOutputError(
          "The final response does not match the output schema.",
          rawText,
          result.issues.map((issue) => ({ path: issuePath(issue.path), message: issue.message })),
        );
      }
      return result.value as OutputOf<S>;
    },
  };
}

function asJsonSchema(schema: unknown): JsonSchema {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    throw new OutputSchemaError(
      "outputSchema must be a JSON Schema object or a Standard Schema (zod, valibot...).",
    );
  }
  return schema as JsonSchema;
}

function standardToJsonSchema(schema: StandardSchema): JsonSchema {
  const converter = schema["~standard"].jsonSchema;
  if (converter) {
    try {
      return converter.output({ target: "draft-07" });
    } catch (cause) {
      throw new OutputSchemaError(
        `This ${schema["~standard"].vendor} schema cannot be described as JSON Schema: ${(cause as Error).message}`,
        { cause },
      );
    }
  }
  const toJsonSchema = (schema as { toJSONSchema?: unknown }).toJSONSchema;
  if (typeof toJsonSchema === "function") return toJsonSchema.call(schema) as JsonSchema;
  throw new OutputSchemaError(
    `This ${schema["~standard"].vendor} schema cannot describe itself as JSON Schema; pass a JSON Schema as outputSchema instead.`,
  );
}

function compile(schema: JsonSchema): ValidateFunction {
  const cached = compiled.get(schema);
  if (cached) return cached;
  // ajv loads with the first output schema, not at import: it was ~30 ms of every cold import of the SDK.
  ajv ??= new (createRequire(import.meta.url)("ajv") as typeof import("ajv")).Ajv({
    allErrors: true,
    strict: false,
  });
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (cause) {
    throw new OutputSchemaError(`The output schema is not valid JSON Schema: ${(cause as Error).message}`, {
      cause,
    });
  }
  compiled.set(schema, validate);
  return validate;
}

function ajvIssue(error: ErrorObject): { path: string; message: string } {
  return { path: error.instancePath, message: error.message ?? error.keyword };
}

function issuePath(path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined): string {
  if (!path) return "";
  return path.map((segment) => `/${String(typeof segment === "object" ? segment.key : segment)}`).join("");
}
