/**
 * The walker that rewrites object keys between the wire spelling (snake_case in places) and camelCase.
 * It follows plans the generator computes from the schema (src/generated/case-adapters.ts holds the tables):
 * `0` leave as is; `"Name"` the plan of definition Name; `{f, m}` an object (`f`: wire key -> [camel key,
 * plan?], `m`: plan of map values); `{a}` array items; `{t}` tuple items; `{d, v}` a union discriminated by
 * field `d` (tag value -> plan); `{u}` an undiscriminated union tried member by member.
 */
export type CasePlan = 0 | string | ObjectPlan | ArrayPlan | TuplePlan | TaggedPlan | UnionPlan;
export interface ObjectPlan {
  readonly f?: Readonly<Record<string, readonly [camelKey: string, plan?: CasePlan]>>;
  readonly m?: CasePlan;
}
export interface ArrayPlan {
  readonly a: CasePlan;
}
export interface TuplePlan {
  readonly t: readonly CasePlan[];
}
export interface TaggedPlan {
  readonly d: string;
  readonly v: Readonly<Record<string, CasePlan>>;
}
/** `r`: required wire keys, `c`: single-valued fields, `k: "a"` for an array member. */
export interface UnionMember {
  readonly p: CasePlan;
  readonly r?: readonly string[];
  readonly c?: Readonly<Record<string, unknown>>;
  readonly k?: "a";
}
export interface UnionPlan {
  readonly u: readonly UnionMember[];
}

/** Definition name -> its plan (only definitions that hold a snake_case field somewhere). */
export type NamedPlans = Readonly<Record<string, CasePlan>>;
/** Method -> the name of the plan of its params or result (methods with nothing to convert are absent). */
export type MethodPlans = Readonly<Record<string, string>>;
export type CaseDirection = "toCamel" | "toWire";

export interface CaseWalker {
  /** Rewrites a value by a plan; a plan name resolves through the walker's table, unknown names to `0`. */
  convert(plan: CasePlan, value: unknown, direction: CaseDirection): unknown;
  /** Rewrites a method's params or result; methods absent from the table are returned untouched. */
  convertByMethod(table: MethodPlans, method: string, value: unknown, direction: CaseDirection): unknown;
  /** Whether the table names a plan for this definition. */
  hasPlan(name: string): boolean;
}

type Fields = ReadonlyMap<string, readonly [key: string, plan?: CasePlan]>;

const wireFieldsByPlan = new WeakMap<ObjectPlan, Fields>();

function camelSpelling(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** camel key -> [wire key, plan], plus the wire keys themselves: inputs may use either spelling. */
function wireFields(plan: ObjectPlan): Fields {
  let fields = wireFieldsByPlan.get(plan);
  if (fields === undefined) {
    const map = new Map<string, readonly [string, CasePlan?]>();
    for (const [wireKey, [camelKey, child]] of Object.entries(plan.f ?? {})) {
      map.set(wireKey, [wireKey, child]);
      map.set(camelKey, [wireKey, child]);
    }
    fields = map;
    wireFieldsByPlan.set(plan, fields);
  }
  return fields;
}

/** A plain assignment would set the prototype for a `__proto__` key; define it as data instead. */
function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else target[key] = value;
}

function hasField(value: Record<string, unknown>, wireKey: string): boolean {
  return Object.hasOwn(value, wireKey) || Object.hasOwn(value, camelSpelling(wireKey));
}

function pickMember(members: readonly UnionMember[], value: object): UnionMember | undefined {
  const isArray = Array.isArray(value);
  for (const member of members) {
    if ((member.k === "a") !== isArray) continue;
    if (isArray) return member;
    const record = value as Record<string, unknown>;
    if (member.r && !member.r.every((key) => hasField(record, key))) continue;
    if (member.c && !Object.entries(member.c).every(([key, expected]) => record[key] === expected)) continue;
    return member;
  }
  return undefined;
}

/** A walker over one table of named plans (the generated PLANS). */
export function createCaseWalker(plans: NamedPlans): CaseWalker {
  function convertObject(
    plan: ObjectPlan,
    value: Record<string, unknown>,
    toCamel: boolean,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const fields = toCamel ? undefined : wireFields(plan);
    for (const [key, child] of Object.entries(value)) {
      const field = toCamel ? (plan.f === undefined ? undefined : own(plan.f, key)) : fields?.get(key);
      if (field !== undefined) {
        const [targetKey, childPlan] = field;
        assign(out, targetKey, childPlan === undefined ? child : convert(childPlan, child, toCamel));
      } else {
        // Unknown fields (a newer codex) and map keys pass through unchanged.
        assign(out, key, plan.m === undefined ? child : convert(plan.m, child, toCamel));
      }
    }
    return out;
  }

  function convert(plan: CasePlan, value: unknown, toCamel: boolean): unknown {
    if (plan === 0 || typeof value !== "object" || value === null) return value;
    if (typeof plan === "string") return convert(own(plans, plan) ?? 0, value, toCamel);
    if ("u" in plan) {
      const member = pickMember(plan.u, value);
      return member === undefined ? value : convert(member.p, value, toCamel);
    }
    if ("a" in plan)
      return Array.isArray(value) ? value.map((item) => convert(plan.a, item, toCamel)) : value;
    if ("t" in plan) {
      return Array.isArray(value)
        ? value.map((item, index) => convert(plan.t[index] ?? 0, item, toCamel))
        : value;
    }
    if (Array.isArray(value)) return value;
    const record = value as Record<string, unknown>;
    if ("d" in plan) {
      const tag = record[plan.d];
      const member = typeof tag === "string" ? own(plan.v, tag) : undefined;
      return member === undefined ? value : convert(member, value, toCamel);
    }
    return convertObject(plan, record, toCamel);
  }

  return {
    convert: (plan, value, direction) => convert(plan, value, direction === "toCamel"),
    // Methods absent from the table hold no snake_case field anywhere: nothing to walk.
    convertByMethod: (table, method, value, direction) =>
      convert(own(table, method) ?? 0, value, direction === "toCamel"),
    hasPlan: (name) => Object.hasOwn(plans, name),
  };
}
