// A tiny npm registry on 127.0.0.1: it serves packuments and tarballs for the packed @codex/* packages
// and proxies every other request to the real registry. npm and pnpm then resolve our packages the way
// a published install would — semver ranges, os/cpu filtering of optionalDependencies, integrity checks —
// which `file:` specifiers or a workspace link would not. (A few dozen lines instead of verdaccio: no
// new dependency, no config or storage folder to prepare, and nothing to unpublish between runs.)
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import type { AddressInfo } from "node:net";
import type { Tarball } from "./tarball.js";

export interface LocalRegistry extends AsyncDisposable {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** What clients asked for, `<method> <path> -> <status>` (proxied ones marked). */
  readonly log: readonly string[];
  close(): Promise<void>;
}

export interface LocalRegistryOptions {
  /** Our packed packages, served under their names. */
  readonly tarballs: readonly Tarball[];
  /** Where everything else comes from. */
  readonly upstream?: string;
  /** The scope served locally; requests for other names are proxied. */
  readonly scope?: string;
}

const PROXIED_HEADERS = ["accept", "if-none-match", "if-modified-since", "npm-command", "user-agent"];
const RETURNED_HEADERS = ["content-type", "content-length", "etag", "last-modified", "cache-control"];

export async function startLocalRegistry(options: LocalRegistryOptions): Promise<LocalRegistry> {
  const upstream = new URL(options.upstream ?? "https://registry.npmjs.org/");
  const scope = options.scope ?? "@codex";
  const byName = new Map<string, Tarball[]>();
  for (const tarball of options.tarballs) {
    byName.set(tarball.manifest.name, [...(byName.get(tarball.manifest.name) ?? []), tarball]);
  }
  const log: string[] = [];
  let baseUrl = "";

  const tarballFile = (tarball: Tarball) =>
    `${tarball.manifest.name.split("/").at(-1)}-${tarball.manifest.version}.tgz`;

  const packument = (name: string, tarballs: readonly Tarball[]) => {
    const versions = Object.fromEntries(
      tarballs.map((tarball) => [
        tarball.manifest.version,
        {
          ...tarball.manifest,
          _id: `${name}@${tarball.manifest.version}`,
          dist: {
            tarball: `${baseUrl}${name}/-/${tarballFile(tarball)}`,
            integrity: tarball.integrity,
            shasum: tarball.shasum,
            unpackedSize: tarball.unpackedSize,
            fileCount: tarball.entries.length,
          },
        },
      ]),
    );
    const latest = tarballs.at(-1)?.manifest.version;
    return { name, "dist-tags": latest ? { latest } : {}, versions };
  };

  const serveLocal = (path: string, res: ServerResponse): boolean => {
    // `/@codex%2fname`, `/@codex/name` (packument) or `/@codex/name/-/name-1.0.0.tgz` (tarball).
    const match = /^\/(@[^/]+\/[^/]+)(?:\/-\/([^/]+\.tgz))?$/.exec(decodeURIComponent(path));
    const name = match?.[1];
    if (!match || !name?.startsWith(`${scope}/`)) return false;
    const tarballs = byName.get(name);
    if (!tarballs) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return true;
    }
    if (match[2]) {
      const tarball = tarballs.find((t) => tarballFile(t) === match[2]);
      if (!tarball) res.writeHead(404).end();
      else res.writeHead(200, { "content-type": "application/octet-stream" }).end(tarball.bytes);
      return true;
    }
    const body = JSON.stringify(packument(name, tarballs));
    // no-cache: a later run may serve different bytes under the same version.
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-cache" }).end(body);
    return true;
  };

  const proxy = (req: IncomingMessage, res: ServerResponse, record: (status: number) => void) => {
    const target = new URL(req.url ?? "/", upstream);
    const headers: Record<string, string> = { "accept-encoding": "identity" };
    for (const key of PROXIED_HEADERS) {
      const value = req.headers[key];
      if (typeof value === "string") headers[key] = value;
    }
    const upstreamReq = httpsRequest(
      target,
      { method: req.method ?? "GET", headers, timeout: 120_000 },
      (up) => {
        const returned: Record<string, string> = {};
        for (const key of RETURNED_HEADERS) {
          const value = up.headers[key];
          if (typeof value === "string") returned[key] = value;
        }
        record(up.statusCode ?? 502);
        res.writeHead(up.statusCode ?? 502, returned);
        up.pipe(res);
        up.on("error", () => res.destroy());
      },
    );
    upstreamReq.on("timeout", () => upstreamReq.destroy(new Error("upstream timeout")));
    upstreamReq.on("error", (error) => {
      record(502);
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end(String(error));
    });
    upstreamReq.end();
  };

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const entry = `${req.method} ${path}`;
    if (serveLocal(path, res)) {
      log.push(`${entry} -> ${res.statusCode} (local)`);
      return;
    }
    proxy(req, res, (status) => log.push(`${entry} -> ${status} (proxied)`));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: baseUrl, log, close, [Symbol.asyncDispose]: close };
}
