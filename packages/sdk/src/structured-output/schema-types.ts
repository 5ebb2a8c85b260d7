/** The schema types options name: types only, so naming them loads nothing (ajv stays unloaded). */
import type { InferStandardOutput, StandardSchema } from "./standard-schema.js";

/** A JSON Schema document or subschema. */
export type JsonSchema = { readonly [key: string]: unknown };

/** What `run(input, { outputSchema })` accepts: a plain JSON Schema or a Standard Schema (zod 4, valibot, arktype...). */
export type OutputSchema = JsonSchema | StandardSchema;

/** The typed `output` of a run: the schema's output type for Standard Schemas, `unknown` for plain JSON Schema. */
export type OutputOf<S> = S extends StandardSchema ? InferStandardOutput<S> : unknown;
