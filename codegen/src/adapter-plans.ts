import { type Definitions, isObject, type JsonSchema, refName, schemaTypes } from "./json-schema.js";
import { camelKey, isSnakeKey } from "./naming.js";
import { isFreeForm } from "./ts-schema.js";

/**
 * A conversion plan, emitted into the generated case-adapters.ts and read by the hand-written walker in
 * packages/protocol/src/case-adapters/case-walker.ts (its `CasePlan`; a codegen test checks they agree):
 * `0` leave as is; `"Name"` the plan of definition Name; `{f, m}` an object (`f`: wire key -> [camel key,
 * plan?], `m`: plan of map values); `{a}` array items; `{t}` tuple items; `{d, v}` a union discriminated by
 * field `d` (tag value -> plan); `{u}` an undiscriminated union tried member by member.
 */
export type Plan = 0 | string | ObjectPlan | ArrayPlan | TuplePlan | TaggedPlan | UnionPlan;
export interface ObjectPlan {
  f?: Record<string, [string] | [string, Plan]>;
  m?: Plan;
}
export interface ArrayPlan {
  a: Plan;
}
export interface TuplePlan {
  t: Plan[];
}
export interface TaggedPlan {
  d: string;
  v: Record<string, Plan>;
}
/** `r`: required wire keys, `c`: single-valued fields, `k: "a"` for an array member. */
export interface UnionMember {
  p: Plan;
  r?: string[];
  c?: Record<string, unknown>;
  k?: "a";
}
export interface UnionPlan {
  u: UnionMember[];
}

const PRIMITIVE_TYPES = new Set(["string", "number", "integer", "boolean", "null"]);

function singleValue(schema: JsonSchema): { value: unknown } | undefined {
  if (schema.enum?.length === 1) return { value: schema.enum[0] };
  if ("const" in schema) return { value: schema.const };
  return undefined;
}

export class AdapterPlanner {
  private readonly needs = new Map<string, boolean>();

  constructor(private readonly definitions: Definitions) {
    this.computeNeeds();
  }

  /** True when values of this definition may hold a snake_case key outside free-form maps. */
  needsConversion(name: string): boolean {
    return this.needs.get(name) ?? false;
  }

  /** The plan of a definition's own schema (callers refer to it by name). */
  definitionPlan(name: string): Plan {
    const schema = this.definitions[name];
    if (!schema) throw new Error(`no definition ${name}`);
    return this.needsConversion(name) ? this.plan(schema) : 0;
  }

  /** The plan for a value of this definition, by name (0 when nothing to convert). */
  planFor(name: string): Plan {
    return this.needsConversion(name) ? name : 0;
  }

  private computeNeeds(): void {
    const direct = new Map<string, { snake: boolean; refs: Set<string> }>();
    for (const [name, schema] of Object.entries(this.definitions)) {
      const info = { snake: false, refs: new Set<string>() };
      const visit = (node: JsonSchema): void => {
        if (isFreeForm(node)) return;
        if (node.$ref) info.refs.add(refName(node.$ref));
        for (const [key, child] of Object.entries(node.properties ?? {})) {
          if (isSnakeKey(key)) info.snake = true;
          visit(child);
        }
        if (Array.isArray(node.items)) node.items.forEach(visit);
        else if (node.items) visit(node.items);
        if (isObject(node.additionalProperties)) visit(node.additionalProperties as JsonSchema);
        for (const list of [node.anyOf, node.oneOf, node.allOf]) list?.forEach(visit);
      };
      if (!isFreeForm(schema)) visit(schema);
      direct.set(name, info);
      this.needs.set(name, info.snake);
    }
    for (let changed = true; changed; ) {
      changed = false;
      for (const [name, info] of direct) {
        if (this.needs.get(name)) continue;
        if ([...info.refs].some((ref) => this.needs.get(ref))) {
          this.needs.set(name, true);
          changed = true;
        }
      }
    }
  }

  private resolve(schema: JsonSchema): JsonSchema {
    let current = schema;
    for (let depth = 0; current.$ref; depth++) {
      if (depth > 50) throw new Error(`$ref cycle at ${schema.$ref}`);
      const target = this.definitions[refName(current.$ref)];
      if (!target) throw new Error(`unresolved ${current.$ref}`);
      current = target;
    }
    if (current.allOf?.length === 1 && !current.properties) return this.resolve(current.allOf[0]!);
    return current;
  }

  plan(schema: JsonSchema): Plan {
    if (isFreeForm(schema)) return 0;
    if (schema.$ref) return this.planFor(refName(schema.$ref));
    if (schema.allOf) {
      if (schema.allOf.length !== 1 || schema.properties)
        throw new Error("allOf with several members is not supported");
      return this.plan(schema.allOf[0]!);
    }
    const members = schema.oneOf ?? schema.anyOf;
    if (members) {
      const merged = schema.properties
        ? members.map((member) => this.mergeFlattened(schema, member))
        : members;
      return this.unionPlan(merged);
    }
    if (schema.items) {
      if (Array.isArray(schema.items)) {
        const plans = schema.items.map((item) => this.plan(item));
        return plans.every((plan) => plan === 0) ? 0 : { t: plans };
      }
      const items = this.plan(schema.items);
      return items === 0 ? 0 : { a: items };
    }
    return this.objectPlan(schema);
  }

  private objectPlan(schema: JsonSchema): Plan {
    const fields: Record<string, [string] | [string, Plan]> = {};
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      const camel = camelKey(key);
      const child = this.plan(property);
      if (child !== 0) fields[key] = [camel, child];
      else if (camel !== key) fields[key] = [camel];
    }
    const out: ObjectPlan = {};
    if (Object.keys(fields).length > 0) out.f = fields;
    if (isObject(schema.additionalProperties)) {
      const values = this.plan(schema.additionalProperties as JsonSchema);
      if (values !== 0) out.m = values;
    }
    return out.f || out.m !== undefined ? out : 0;
  }

  /** A member of a union that has fields beside it (serde flatten): the member plus those fields. */
  private mergeFlattened(owner: JsonSchema, member: JsonSchema): JsonSchema {
    const resolved = this.resolve(member);
    return {
      type: "object",
      properties: { ...owner.properties, ...resolved.properties },
      required: [...(owner.required ?? []), ...(resolved.required ?? [])],
      ...(resolved.additionalProperties === undefined
        ? {}
        : { additionalProperties: resolved.additionalProperties }),
    };
  }

  /** Union members that are themselves unions are spread; primitives are dropped (never converted). */
  private flattenMembers(members: readonly JsonSchema[], seen = new Set<JsonSchema>()): JsonSchema[] {
    const out: JsonSchema[] = [];
    for (const member of members) {
      const resolved = this.resolve(member);
      if (seen.has(resolved)) continue;
      const nested = resolved.oneOf ?? resolved.anyOf;
      if (nested && !resolved.properties) {
        out.push(...this.flattenMembers(nested, new Set([...seen, resolved])));
        continue;
      }
      const types = schemaTypes(resolved);
      const primitive =
        (types.length > 0 && types.every((type) => PRIMITIVE_TYPES.has(type))) ||
        (types.length === 0 &&
          !resolved.properties &&
          !resolved.items &&
          (resolved.enum || "const" in resolved));
      if (!primitive) out.push(member);
    }
    return out;
  }

  private unionPlan(members: readonly JsonSchema[]): Plan {
    const candidates = this.flattenMembers(members);
    const plans = candidates.map((member) => this.plan(member));
    if (plans.every((plan) => plan === 0)) return 0;
    if (candidates.length === 1) return plans[0]!;
    const resolved = candidates.map((member) => this.resolve(member));
    const tag = this.discriminator(resolved);
    if (tag !== undefined) {
      const byValue: Record<string, Plan> = {};
      resolved.forEach((member, index) => {
        const value = singleValue(member.properties![tag]!)!.value as string;
        if (plans[index] !== 0) byValue[value] = plans[index]!;
      });
      return { d: tag, v: byValue };
    }
    const union: UnionMember[] = resolved.map((member, index) => {
      const entry: UnionMember = { p: plans[index]! };
      if (member.items || schemaTypes(member).includes("array")) entry.k = "a";
      if (member.required?.length) entry.r = [...member.required];
      const consts: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(member.properties ?? {})) {
        const single = singleValue(property);
        if (single && member.required?.includes(key)) consts[key] = single.value;
      }
      if (Object.keys(consts).length > 0) entry.c = consts;
      return entry;
    });
    // Most specific first, so a member whose required keys are a subset of another's cannot shadow it.
    const order = union.map((entry, index) => ({ entry, index }));
    order.sort((x, y) => (y.entry.r?.length ?? 0) - (x.entry.r?.length ?? 0) || x.index - y.index);
    return { u: order.map(({ entry }) => entry) };
  }

  /** A field every member requires with one distinct string value each (and whose name casing never changes). */
  private discriminator(members: readonly JsonSchema[]): string | undefined {
    const first = members[0];
    if (!first?.properties) return undefined;
    for (const key of Object.keys(first.properties)) {
      if (camelKey(key) !== key) continue;
      const values = new Set<unknown>();
      const ok = members.every((member) => {
        const property = member.properties?.[key];
        const single = property && singleValue(property);
        if (!single || typeof single.value !== "string" || !member.required?.includes(key)) return false;
        if (values.has(single.value)) return false;
        values.add(single.value);
        return true;
      });
      if (ok) return key;
    }
    return undefined;
  }
}
