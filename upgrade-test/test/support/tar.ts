// Writes a gzip'd ustar archive the way `npm pack` lays one out (every entry under `package/`), so the
// fixture releases need no npm and no files on disk to pack.
import { gzipSync } from "node:zlib";

export interface TarFile {
  /** Path inside the package, e.g. `vendor/x86_64-unknown-linux-musl/bin/codex`. */
  readonly path: string;
  readonly content: string | Buffer;
  /** Unix mode; 0o644 unless given (0o755 for executables). */
  readonly mode?: number;
}

function header(path: string, size: number, mode: number): Buffer {
  const block = Buffer.alloc(512);
  const put = (text: string, offset: number, length: number) => {
    block.write(text.slice(0, length), offset, length, "utf8");
  };
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, "0");
  if (Buffer.byteLength(path) > 100) throw new Error(`tar path over 100 bytes: ${path}`);
  put(path, 0, 100);
  put(octal(mode, 8), 100, 8);
  put(octal(0, 8), 108, 8); // uid
  put(octal(0, 8), 116, 8); // gid
  put(octal(size, 12), 124, 12);
  put(octal(0, 12), 136, 12); // mtime: fixed, so the bytes (and the integrity) are the same every run
  put("        ", 148, 8); // checksum placeholder: spaces while summing
  put("0", 156, 1); // regular file
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  let sum = 0;
  for (const byte of block) sum += byte;
  put(`${octal(sum, 7)}\0`, 148, 8);
  return block;
}

/** The .tgz bytes of a package holding `files` (paths relative to the package root). */
export function packTgz(files: readonly TarFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    const data = typeof file.content === "string" ? Buffer.from(file.content, "utf8") : file.content;
    parts.push(header(`package/${file.path}`, data.length, file.mode ?? 0o644), data);
    const padding = (512 - (data.length % 512)) % 512;
    if (padding > 0) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}
