// Builds random valid instances of a schema definition, deterministically from a seed.
import type { Definitions, JsonSchema } from "../../src/json-schema.js";
import { refName, schemaTypes } from "../../src/json-schema.js";

/** mulberry32: small, fast, seedable. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Keys the sampler invents for maps and free-form objects: data (snake_case on purpose), left alone. */
export const DATA_KEY_PREFIX = "data_key_";

export interface Sample {
  readonly value: unknown;
  /** Free-form objects (`additionalProperties: true`, untyped values): keys and contents are data. */
  readonly freeForm: ReadonlySet<object>;
}

const MAX_DEPTH = 7;

export class SchemaSampler {
  private freeForm = new Set<object>();
  private random: () => number = Math.random;

  constructor(private readonly definitions: Definitions) {}

  sample(definition: string, seed: number): Sample {
    this.random = seededRandom(seed);
    this.freeForm = new Set();
    const value = this.node({ $ref: `#/definitions/${definition}` }, 0);
    return { value, freeForm: this.freeForm };
  }

  private int(max: number): number {
    return Math.floor(this.random() * max);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  private string(schema: JsonSchema): string {
    const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
    const words = ["alpha", "beta", "a_b", "x", "snake_case", "Hello"];
    const text = this.pick(words);
    return text.length >= minLength ? text : text.padEnd(minLength, "z");
  }

  private node(schema: JsonSchema | boolean, depth: number): unknown {
    // `true` (any value) appears as a field schema: `arguments`, `_meta`, `value`.
    if (typeof schema === "boolean") return this.freeValue(depth + 1);
    if (schema.$ref) {
      const target = this.definitions[refName(schema.$ref)];
      if (!target) throw new Error(`unresolved ${schema.$ref}`);
      return this.node(target, depth + 1);
    }
    if (schema.allOf) return this.node(schema.allOf[0]!, depth);
    if (schema.enum) return this.pick(schema.enum);
    if ("const" in schema) return schema.const;
    const members = schema.oneOf ?? schema.anyOf;
    if (members) {
      const member = this.pickMember(members, depth);
      if (!schema.properties) return this.node(member, depth);
      // Fields beside a union (serde flatten): the member's fields plus these.
      const base = this.node(member, depth);
      const own = this.object({ ...schema, oneOf: undefined, anyOf: undefined }, depth);
      return { ...(base as object), ...(own as object) };
    }
    const types = schemaTypes(schema);
    const type =
      depth > MAX_DEPTH && types.includes("null") ? "null" : types.length > 0 ? this.pick(types) : "any";
    switch (type) {
      case "null":
        return null;
      case "boolean":
        return this.random() < 0.5;
      case "integer":
        return this.int(1000);
      case "number":
        return Math.round(this.random() * 10000) / 100;
      case "string":
        return this.string(schema);
      case "array":
        return this.array(schema, depth);
      case "object":
        return this.object(schema, depth);
      default:
        return this.freeValue(depth);
    }
  }

  /** Deep in the tree, prefer members that end the recursion (null, primitives). */
  private pickMember(members: readonly JsonSchema[], depth: number): JsonSchema {
    if (depth > MAX_DEPTH) {
      const leaf = members.find(
        (member) =>
          member.type === "null" ||
          member.enum ||
          (typeof member.type === "string" && member.type !== "object" && member.type !== "array"),
      );
      if (leaf) return leaf;
    }
    return this.pick(members);
  }

  private array(schema: JsonSchema, depth: number): unknown[] {
    const items = schema.items;
    if (Array.isArray(items)) return items.map((item) => this.node(item, depth + 1));
    const count = depth > MAX_DEPTH ? 0 : this.int(3);
    return Array.from({ length: count }, () =>
      items ? this.node(items, depth + 1) : this.freeValue(depth + 1),
    );
  }

  private object(schema: JsonSchema, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const required = new Set(schema.required ?? []);
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      if (required.has(key) || (depth <= MAX_DEPTH && this.random() < 0.6))
        out[key] = this.node(property, depth + 1);
    }
    const extra = schema.additionalProperties;
    if (extra === true || typeof extra === "object") {
      if (extra === true) this.freeForm.add(out);
      const count = depth > MAX_DEPTH ? 0 : this.int(3);
      for (let index = 0; index < count; index++) {
        out[`${DATA_KEY_PREFIX}${index}`] =
          extra === true ? this.freeValue(depth + 1) : this.node(extra, depth + 1);
      }
    }
    return out;
  }

  /** Any JSON value, with snake_case keys: free-form data the adapters must not touch. */
  private freeValue(depth: number): unknown {
    const kind = depth > MAX_DEPTH ? 0 : this.int(4);
    if (kind === 0) return this.pick(["text", 1, true, null]);
    if (kind === 1) return [this.freeValue(depth + 1)];
    const object = { some_key: this.freeValue(depth + 1), [`${DATA_KEY_PREFIX}x`]: 1 };
    this.freeForm.add(object);
    return object;
  }
}
