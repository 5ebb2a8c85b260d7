import type { ErrorObject } from "ajv";

/** One problem found in a message: a JSON pointer into it (`/params/threadId`) and what is wrong. */
export interface SchemaValidationIssue {
  readonly path: string;
  readonly message: string;
}

export type SchemaValidationResult = { ok: true } | { ok: false; issues: SchemaValidationIssue[] };

function describe(error: ErrorObject): SchemaValidationIssue {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { path: `${error.instancePath}/${String(params.missingProperty)}`, message: "is required" };
    case "additionalProperties":
      return {
        path: `${error.instancePath}/${String(params.additionalProperty)}`,
        message: "is not allowed here",
      };
    case "enum":
      return {
        path: error.instancePath,
        message: `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ")}`,
      };
    case "const":
      return { path: error.instancePath, message: `must be ${JSON.stringify(params.allowedValue)}` };
    default:
      return { path: error.instancePath, message: error.message ?? error.keyword };
  }
}

/** True when a union branch failed because the value is not that branch at all (wrong type or wrong tag). */
function isBranchMismatch(error: ErrorObject, unionPath: string): boolean {
  if (error.instancePath === unionPath) return ["type", "enum", "const"].includes(error.keyword);
  const single =
    error.keyword === "const" ||
    (error.keyword === "enum" && (error.params as { allowedValues?: unknown[] }).allowedValues?.length === 1);
  return single && error.instancePath.lastIndexOf("/") === unionPath.length;
}

/**
 * Readable issues from ajv's errors, each path prefixed with `prefix` (`/params`). A union reports every
 * branch; branches the value plainly is not (wrong type, wrong tag) are dropped, so what remains says what is
 * wrong inside the branch that was meant. When no branch fits at all, one issue lists the forms that were
 * expected. ajv lists a union's branch errors right before the union's own error, inner unions before outer.
 */
export function issuesFromAjvErrors(errors: readonly ErrorObject[], prefix: string): SchemaValidationIssue[] {
  const removed = new Set<number>();
  const summaries = new Map<number, SchemaValidationIssue>();
  errors.forEach((union, unionIndex) => {
    if (union.keyword !== "anyOf" && union.keyword !== "oneOf") return;
    const within = (error: ErrorObject): boolean =>
      error.instancePath === union.instancePath || error.instancePath.startsWith(`${union.instancePath}/`);
    let start = unionIndex;
    while (start > 0 && within(errors[start - 1]!)) start--;
    const branchPrefix = `${union.schemaPath}/`;
    const branches = new Map<string, number[]>();
    // Errors of a branch that is a $ref carry the referenced definition's schema path: a branch we cannot see.
    let hidden = false;
    for (let index = start; index < unionIndex; index++) {
      if (removed.has(index)) continue;
      const error = errors[index]!;
      if (!error.schemaPath.startsWith(branchPrefix)) {
        hidden = true;
        continue;
      }
      const branch = error.schemaPath.slice(branchPrefix.length).split("/")[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), index]);
    }
    const mismatched = [...branches.values()].filter((list) =>
      list.some((index) => isBranchMismatch(errors[index]!, union.instancePath)),
    );
    if (mismatched.length === branches.size && branches.size > 0 && !hidden) {
      const tagErrors = mismatched
        .flat()
        .map((index) => errors[index]!)
        .filter((error) => error.instancePath !== union.instancePath);
      const tagPaths = new Set(tagErrors.map((error) => error.instancePath));
      if (tagErrors.length === mismatched.length && tagPaths.size === 1) {
        // A tagged union with an unknown tag: list the tags there are.
        const tags = tagErrors.flatMap((error) => {
          const params = error.params as { allowedValues?: unknown[]; allowedValue?: unknown };
          return params.allowedValues ?? [params.allowedValue];
        });
        summaries.set(unionIndex, {
          path: [...tagPaths][0]!,
          message: `must be one of ${[...new Set(tags)].map((tag) => JSON.stringify(tag)).join(", ")}`,
        });
        for (const index of mismatched.flat()) removed.add(index);
        return;
      }
      const expected = mismatched
        .flat()
        .filter((index) => errors[index]!.instancePath === union.instancePath)
        .map((index) => describe(errors[index]!).message);
      const unique = [...new Set(expected)];
      summaries.set(unionIndex, {
        path: union.instancePath,
        message: unique.length > 0 ? unique.join("; or ") : "matches none of the allowed forms",
      });
    } else {
      removed.add(unionIndex);
    }
    for (const index of mismatched.flat()) removed.add(index);
  });
  const seen = new Set<string>();
  const issues: SchemaValidationIssue[] = [];
  errors.forEach((error, index) => {
    if (removed.has(index)) return;
    const issue = summaries.get(index) ?? describe(error);
    const path = `${prefix}${issue.path}`;
    const key = `${path}\u0000${issue.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    issues.push({ path, message: issue.message });
  });
  return issues;
}
