import type { RequestOptions } from "@codex/app-server-protocol";
import { CodexError } from "@codex/app-server-protocol/light";

/**
 * `codex.api.<camelMethod>(params)` for every client method of the schema, derived from the generated
 * method map at the type level and from the runtime method list, so nothing is listed by hand.
 * `"fs/readFile"` -> `fsReadFile`, `"thread/inject_items"` -> `threadInjectItems`.
 */

type SnakeToCamel<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<SnakeToCamel<Tail>>}`
  : S;

/** The camelCase name of a wire method. */
export type ApiMethodName<M extends string> = M extends `${infer Head}/${infer Tail}`
  ? `${SnakeToCamel<Head>}${Capitalize<ApiMethodName<Tail>>}`
  : SnakeToCamel<M>;

/** Methods whose params may be left out (none required, or the schema has no params). */
type ParamsArgs<P> = undefined extends P
  ? [params?: P, options?: RequestOptions]
  : null extends P
    ? [params?: P, options?: RequestOptions]
    : Record<string, never> extends P
      ? [params?: P, options?: RequestOptions]
      : [params: P, options?: RequestOptions];

type ParamsOf<Entry> = Entry extends { params: infer P } ? P : never;
type ResultOf<Entry> = Entry extends { result: infer R } ? R : never;

/** The typed convenience layer over a request map. */
export type ApiMethods<Map> = {
  readonly [M in keyof Map & string as ApiMethodName<M>]: (
    ...args: ParamsArgs<ParamsOf<Map[M]>>
  ) => Promise<ResultOf<Map[M]>>;
};

/** @internal `"fs/readFile"` -> `"fsReadFile"` at run time. */
export function apiMethodName(method: string): string {
  return method
    .split("/")
    .map((segment, index) => {
      const camel = segment.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
      return index === 0 ? camel : camel.charAt(0).toUpperCase() + camel.slice(1);
    })
    .join("");
}

/** Builds the api object: one function per method, each calling `request(method, params, options)`. */
export function createApi<Map>(
  methods: readonly string[],
  request: (method: string, params: unknown, options?: RequestOptions) => Promise<unknown>,
): ApiMethods<Map> {
  const api: Record<string, (params?: unknown, options?: RequestOptions) => Promise<unknown>> = {};
  for (const method of methods) {
    const name = apiMethodName(method);
    if (name in api) throw new CodexError(`Two client methods map to api.${name}`);
    api[name] = (params, options) => request(method, params ?? {}, options);
  }
  return Object.freeze(api) as unknown as ApiMethods<Map>;
}
