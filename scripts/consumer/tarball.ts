// Reads a packed npm tarball (gzip'd ustar) without unpacking it: its entries and sizes, and its manifest.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

export interface TarballEntry {
  /** Path inside the package, without npm's leading `package/`. */
  readonly path: string;
  readonly size: number;
}

export interface Tarball {
  readonly path: string;
  readonly bytes: Buffer;
  readonly entries: readonly TarballEntry[];
  readonly manifest: Record<string, unknown> & { name: string; version: string };
  /** Sum of the file sizes. */
  readonly unpackedSize: number;
  /** `sha512-…`, as the registry's `dist.integrity`. */
  readonly integrity: string;
  /** sha1 hex, as the registry's `dist.shasum`. */
  readonly shasum: string;
}

export function readTarball(path: string): Tarball {
  const bytes = readFileSync(path);
  const tar = gunzipSync(bytes);
  const entries: TarballEntry[] = [];
  let manifestText: string | undefined;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString("utf8")
        .replace(/\0.*$/s, "");
    const name = field(0, 100);
    const prefix = field(345, 155);
    const size = Number.parseInt(field(124, 12).trim() || "0", 8);
    const type = field(156, 1);
    const fullName = prefix ? `${prefix}/${name}` : name;
    const path = fullName.replace(/^package\//, "");
    if (type === "0" || type === "") {
      entries.push({ path, size });
      if (path === "package.json") {
        manifestText = tar.subarray(offset + 512, offset + 512 + size).toString("utf8");
      }
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  if (manifestText === undefined) throw new Error(`${path} has no package/package.json`);
  return {
    path,
    bytes,
    entries,
    manifest: JSON.parse(manifestText),
    unpackedSize: entries.reduce((sum, entry) => sum + entry.size, 0),
    integrity: `sha512-${createHash("sha512").update(bytes).digest("base64")}`,
    shasum: createHash("sha1").update(bytes).digest("hex"),
  };
}
