// What the previous codex release lacks (or still has) compared with the pinned schema: the client
// requests, server requests and notifications of each, read from `generate-json-schema` of both.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BUNDLE = "codex_app_server_protocol.schemas.json";
const UNIONS = ["ClientRequest", "ServerRequest", "ServerNotification"] as const;
export type UnionName = (typeof UNIONS)[number];

/** Method names per union, for one schema bundle. */
export type MethodSets = Readonly<Record<UnionName, readonly string[]>>;

export interface ProtocolDelta {
  /** Methods the pinned version has and the previous one does not. */
  readonly added: MethodSets;
  /** Methods the previous version has and the pinned one does not. */
  readonly removed: MethodSets;
}

interface Bundle {
  readonly definitions?: Record<string, { oneOf?: Member[]; anyOf?: Member[] }>;
}
interface Member {
  readonly properties?: { method?: { enum?: string[]; const?: string } };
}

/** The method names of each union in a full bundle (root definitions). */
export function methodSets(bundle: Bundle): MethodSets {
  const names = (union: UnionName): string[] => {
    const members = bundle.definitions?.[union]?.oneOf ?? bundle.definitions?.[union]?.anyOf ?? [];
    return members
      .map((member) => member.properties?.method?.enum?.[0] ?? member.properties?.method?.const)
      .filter((name): name is string => typeof name === "string")
      .sort();
  };
  return {
    ClientRequest: names("ClientRequest"),
    ServerRequest: names("ServerRequest"),
    ServerNotification: names("ServerNotification"),
  };
}

/** Reads the experimental full bundle a codex binary writes (`generate-json-schema --experimental`). */
export function binaryMethodSets(codexPath: string): MethodSets {
  const out = mkdtempSync(join(tmpdir(), "codex-compat-schema-"));
  try {
    execFileSync(codexPath, ["app-server", "generate-json-schema", "--experimental", "--out", out], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    return methodSets(JSON.parse(readFileSync(join(out, BUNDLE), "utf8")) as Bundle);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The repository's pinned experimental bundle (schemas/experimental/). */
export function pinnedMethodSets(repoRoot: string): MethodSets {
  return methodSets(
    JSON.parse(readFileSync(join(repoRoot, "schemas", "experimental", BUNDLE), "utf8")) as Bundle,
  );
}

export function protocolDelta(pinned: MethodSets, previous: MethodSets): ProtocolDelta {
  const diff = (from: MethodSets, to: MethodSets) =>
    Object.fromEntries(
      UNIONS.map((union) => [union, from[union].filter((name) => !to[union].includes(name))]),
    ) as Record<UnionName, string[]>;
  return { added: diff(pinned, previous), removed: diff(previous, pinned) };
}
