/**
 * The parts of Standard Schema (https://standardschema.dev) and Standard JSON Schema the SDK uses.
 * Declared here, as the spec recommends, so no schema library is a dependency.
 */

export interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> };

/** A Standard Schema (zod 4, valibot, arktype...): the `~standard` validate entry point, optionally Standard JSON Schema. */
export interface StandardSchema<Input = unknown, Output = Input> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
    /** Standard JSON Schema; zod 4, arktype and valibot adapters provide it. */
    readonly jsonSchema?: {
      readonly output: (options: { readonly target: string }) => Record<string, unknown>;
    };
  };
}

/** The output type of a Standard Schema. */
export type InferStandardOutput<S> = S extends StandardSchema<unknown, infer O> ? O : never;
