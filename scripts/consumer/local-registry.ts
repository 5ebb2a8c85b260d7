// A tiny npm registry on 127.0.0.1: it serves packuments and tarballs for the packed @codex/* packages
// and proxies every other request to the real registry. Extra versions of a real package (`merged`) are
// added to its upstream packument and their tarballs served locally (the codex:upgrade test's fixtures).
// npm and pnpm then resolve our packages the way a published install would — semver ranges, os/cpu
// filtering of optionalDependencies, integrity checks — which `file:` specifiers or a workspace link would
// not. (A few dozen lines instead of verdaccio: no new dependency, no config or storage folder to prepare,
// and nothing to unpublish between runs.)
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
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
  /**
   * Versions of packages outside `scope` (e.g. fixture releases of `@openai/codex`): added to the package's
   * upstream packument (its real versions and dist-tags stay), their tarballs served from here.
   */
  readonly merged?: readonly Tarball[];
  /**
   * Packuments known without the network (e.g. read from pnpm-lock.yaml), by package name: served (with
   * any `merged` versions added) instead of asking upstream, so a registry with a dead upstream works
   * offline for these packages.
   */
  readonly known?: Readonly<Record<string, Packument>>;
}

/** The parts of a packument this registry reads and writes. */
export interface Packument {
  readonly "dist-tags"?: Record<string, string>;
  readonly versions?: Record<string, unknown>;
  readonly time?: Record<string, string>;
}

const PROXIED_HEADERS = ["accept", "if-none-match", "if-modified-since", "npm-command", "user-agent"];
const RETURNED_HEADERS = ["content-type", "content-length", "etag", "last-modified", "cache-control"];

export async function startLocalRegistry(options: LocalRegistryOptions): Promise<LocalRegistry> {
  const upstreamText = options.upstream ?? "https://registry.npmjs.org/";
  const upstream = new URL(upstreamText.endsWith("/") ? upstreamText : `${upstreamText}/`);
  const scope = options.scope ?? "@codex";
  const byName = new Map<string, Tarball[]>();
  for (const tarball of options.tarballs) {
    byName.set(tarball.manifest.name, [...(byName.get(tarball.manifest.name) ?? []), tarball]);
  }
  const mergedByName = new Map<string, Tarball[]>();
  for (const tarball of options.merged ?? []) {
    mergedByName.set(tarball.manifest.name, [...(mergedByName.get(tarball.manifest.name) ?? []), tarball]);
  }
  const log: string[] = [];
  let baseUrl = "";

  const tarballFile = (tarball: Tarball) =>
    `${tarball.manifest.name.split("/").at(-1)}-${tarball.manifest.version}.tgz`;

  const versionEntries = (name: string, tarballs: readonly Tarball[]) =>
    Object.fromEntries(
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

  const packument = (name: string, tarballs: readonly Tarball[]) => {
    const versions = versionEntries(name, tarballs);
    const latest = tarballs.at(-1)?.manifest.version;
    return { name, "dist-tags": latest ? { latest } : {}, versions };
  };

  /** `/name`, `/@scope%2fname`, `/@scope/name` (packument) or `/@scope/name/-/name-1.0.0.tgz` (tarball). */
  const parsePath = (path: string) => {
    const match = /^\/((?:@[^/]+\/)?[^/@][^/]*)(?:\/-\/([^/]+\.tgz))?$/.exec(decodeURIComponent(path));
    return match?.[1] ? { name: match[1], file: match[2] } : undefined;
  };

  const sendJson = (res: ServerResponse, body: unknown) => {
    // no-cache: a later run may serve different bytes under the same version.
    res
      .writeHead(200, { "content-type": "application/json", "cache-control": "no-cache" })
      .end(JSON.stringify(body));
  };

  const serveLocal = (path: string, res: ServerResponse): boolean => {
    const parsed = parsePath(path);
    if (!parsed?.name.startsWith(`${scope}/`)) return false;
    const tarballs = byName.get(parsed.name);
    if (!tarballs) {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      return true;
    }
    if (parsed.file) {
      const tarball = tarballs.find((t) => tarballFile(t) === parsed.file);
      if (!tarball) res.writeHead(404).end();
      else res.writeHead(200, { "content-type": "application/octet-stream" }).end(tarball.bytes);
      return true;
    }
    sendJson(res, packument(parsed.name, tarballs));
    return true;
  };

  /**
   * A merged or known package: its packument is the known one (else upstream's) plus the merged versions,
   * whose tarballs are served here.
   */
  const serveMerged = async (req: IncomingMessage, path: string, res: ServerResponse): Promise<boolean> => {
    const parsed = parsePath(path);
    if (!parsed) return false;
    const known = options.known?.[parsed.name];
    const tarballs = mergedByName.get(parsed.name) ?? [];
    if (!known && tarballs.length === 0) return false;
    if (parsed.file) {
      const tarball = tarballs.find((t) => tarballFile(t) === parsed.file);
      if (!tarball) return false; // a real version's tarball: proxied
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(tarball.bytes);
      return true;
    }
    const upstreamDoc = known ?? (await fetchUpstreamPackument(req, parsed.name));
    if (upstreamDoc === undefined) {
      res.writeHead(502, { "content-type": "text/plain" }).end(`upstream failed for ${parsed.name}`);
      return true;
    }
    // An old, fixed publish time: a `minimumReleaseAge` setting must not hold the fixtures back.
    const published = "2020-01-01T00:00:00.000Z";
    const time = { ...upstreamDoc.time };
    for (const tarball of tarballs) time[tarball.manifest.version] = published;
    sendJson(res, {
      ...upstreamDoc,
      name: parsed.name,
      "dist-tags": upstreamDoc["dist-tags"] ?? {},
      versions: { ...upstreamDoc.versions, ...versionEntries(parsed.name, tarballs) },
      time,
    });
    return true;
  };

  /** Upstream's packument for `name`: empty when it has none, undefined when upstream fails. */
  const fetchUpstreamPackument = async (
    req: IncomingMessage,
    name: string,
  ): Promise<Packument | undefined> => {
    const response = await fetch(upstreamUrl(`/${name.replace("/", "%2f")}`), {
      headers: { accept: req.headers.accept ?? "application/json" },
      signal: AbortSignal.timeout(120_000),
    });
    if (response.status === 404) return { "dist-tags": {}, versions: {} };
    return response.ok ? ((await response.json()) as Packument) : undefined;
  };

  /** `path` (starting with `/`) under the upstream registry, whose URL may have a path of its own. */
  const upstreamUrl = (path: string) => new URL(path.replace(/^\//, ""), upstream);

  const proxy = (req: IncomingMessage, res: ServerResponse, record: (status: number) => void) => {
    const target = upstreamUrl(req.url ?? "/");
    const headers: Record<string, string> = { "accept-encoding": "identity" };
    for (const key of PROXIED_HEADERS) {
      const value = req.headers[key];
      if (typeof value === "string") headers[key] = value;
    }
    const request = target.protocol === "http:" ? httpRequest : httpsRequest;
    const upstreamReq = request(target, { method: req.method ?? "GET", headers, timeout: 120_000 }, (up) => {
      const returned: Record<string, string> = {};
      for (const key of RETURNED_HEADERS) {
        const value = up.headers[key];
        if (typeof value === "string") returned[key] = value;
      }
      record(up.statusCode ?? 502);
      res.writeHead(up.statusCode ?? 502, returned);
      up.pipe(res);
      up.on("error", () => res.destroy());
    });
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
    serveMerged(req, path, res).then(
      (served) => {
        if (served) log.push(`${entry} -> ${res.statusCode} (merged)`);
        else proxy(req, res, (status) => log.push(`${entry} -> ${status} (proxied)`));
      },
      (error: unknown) => {
        log.push(`${entry} -> 502 (merged: ${String(error)})`);
        if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
        res.end(String(error));
      },
    );
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
