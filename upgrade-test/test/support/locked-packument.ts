// Every package pnpm-lock.yaml records, shaped as the packuments a registry would serve: per version its
// os/cpu/libc, engines, peer dependencies, integrity and (from `snapshots:`) its dependencies pinned to
// the locked versions. The local registry serves these instead of asking the real registry, so the
// upgrade test runs offline: a non-frozen `pnpm install` re-resolves some packages (e.g. the skipped
// platform binaries of esbuild and biome) and finds their tarballs in its store by integrity.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { compareCodexVersions } from "@codex/runtime";
import { parse } from "yaml";
import type { Packument } from "../../../scripts/consumer/local-registry.js";

interface LockedPackage {
  readonly resolution?: { readonly integrity?: string; readonly tarball?: string };
  readonly engines?: Record<string, string>;
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly libc?: readonly string[];
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, unknown>;
}

interface LockedSnapshot {
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

interface Lockfile {
  readonly packages?: Record<string, LockedPackage>;
  readonly snapshots?: Record<string, LockedSnapshot>;
}

/** The public registry the lockfile's resolutions imply (only integrity is recorded for it). */
const PUBLIC_REGISTRY = "https://registry.npmjs.org/";

/** `@scope/name@1.2.3` -> [`@scope/name`, `1.2.3`]. */
function splitKey(key: string): [string, string] {
  const at = key.indexOf("@", 1);
  return [key.slice(0, at), key.slice(at + 1)];
}

/** A snapshot's dependency value (`1.2.3(peer@4)`, or `name@1.2.3` for an alias) as a registry spec. */
function dependencySpec(value: string): string {
  const bare = value.replace(/\(.*$/, "");
  return /^\d/.test(bare) ? bare : `npm:${bare}`;
}

function specs(dependencies: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!dependencies) return undefined;
  return Object.fromEntries(
    Object.entries(dependencies).map(([name, value]) => [name, dependencySpec(value)]),
  );
}

/** Packuments of every package in `repo`'s pnpm-lock.yaml, by name (latest: the highest release). */
export function lockedPackuments(repo: string): Record<string, Packument> {
  const lock = parse(readFileSync(join(repo, "pnpm-lock.yaml"), "utf8")) as Lockfile;
  const snapshots = new Map<string, LockedSnapshot>();
  for (const [key, snapshot] of Object.entries(lock.snapshots ?? {})) {
    // Peer variants (`a@1(b@2)`) share one version entry: the first one stands for them.
    const plain = key.replace(/\(.*$/, "");
    if (!snapshots.has(plain)) snapshots.set(plain, snapshot);
  }
  const byName = new Map<string, Record<string, unknown>>();
  for (const [key, locked] of Object.entries(lock.packages ?? {})) {
    const integrity = locked.resolution?.integrity;
    if (!integrity) continue; // a tarball or git dependency: not a registry package
    const [name, version] = splitKey(key);
    const snapshot = snapshots.get(key);
    const versions = byName.get(name) ?? {};
    versions[version] = {
      name,
      version,
      ...(locked.engines && { engines: locked.engines }),
      ...(locked.os && { os: locked.os }),
      ...(locked.cpu && { cpu: locked.cpu }),
      ...(locked.libc && { libc: locked.libc }),
      ...(snapshot?.dependencies && { dependencies: specs(snapshot.dependencies) }),
      ...(snapshot?.optionalDependencies && { optionalDependencies: specs(snapshot.optionalDependencies) }),
      ...(locked.peerDependencies && { peerDependencies: locked.peerDependencies }),
      ...(locked.peerDependenciesMeta && { peerDependenciesMeta: locked.peerDependenciesMeta }),
      _id: `${name}@${version}`,
      dist: {
        integrity,
        tarball:
          locked.resolution?.tarball ??
          `${PUBLIC_REGISTRY}${name}/-/${name.split("/").at(-1)}-${version}.tgz`,
      },
    };
    byName.set(name, versions);
  }
  return Object.fromEntries(
    [...byName].map(([name, versions]) => {
      const latest = Object.keys(versions)
        .filter((version) => !version.includes("-"))
        .sort(compareCodexVersions)
        .at(-1);
      const distTags: Record<string, string> = latest ? { latest } : {};
      return [name, { "dist-tags": distTags, versions }];
    }),
  );
}
