// Fixture codex releases, packed as the official ones are: the meta package `@openai/codex@<v>` and one
// `@openai/codex@<v>-<platform>` per platform, with os/cpu and `vendor/<triple>/bin/<codex>`. The binary for
// this machine is a shell script that answers `--version` with the fixture version and otherwise runs the
// real pinned codex, so `pnpm schema:update` works; the others are stubs (pnpm never installs them here).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RuntimePlatform } from "@codex/runtime";
import { readTarball, type Tarball } from "../../../scripts/consumer/tarball.js";
import { packTgz, type TarFile } from "./tar.js";

export interface FixtureRelease {
  readonly version: string;
  /** Platform ids published for this version (all of them for a complete release). */
  readonly platforms: readonly string[];
  /**
   * Adds a client request with params and no response definition to what `generate-json-schema` writes,
   * so the generator fails with "no result type".
   */
  readonly breakSchema?: boolean;
}

/** The method the broken schema adds. */
export const BROKEN_METHOD = "fixture/frobnicate";

/** Patches the bundles in `--out <dir>`: one ClientRequest member whose result no rule can find. */
const ADD_METHOD_SCRIPT = `import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
const out = process.argv[2];
const bundles = [
  ["codex_app_server_protocol.schemas.json", "#/definitions/v2/", true],
  ["codex_app_server_protocol.v2.schemas.json", "#/definitions/", false],
];
for (const [file, prefix, nested] of bundles) {
  const path = join(out, file);
  const schema = JSON.parse(readFileSync(path, "utf8"));
  const union = schema.definitions.ClientRequest;
  (union.oneOf ?? union.anyOf).push({
    properties: {
      id: { $ref: prefix + "RequestId" },
      method: { enum: [${JSON.stringify(BROKEN_METHOD)}], title: "Fixture/frobnicateRequestMethod", type: "string" },
      params: { $ref: prefix + "FixtureFrobnicateParams" },
    },
    required: ["id", "method", "params"],
    title: "Fixture/frobnicateRequest",
    type: "object",
  });
  const definitions = nested ? schema.definitions.v2 : schema.definitions;
  definitions.FixtureFrobnicateParams = {
    properties: { widget: { type: "string" } },
    required: ["widget"],
    title: "FixtureFrobnicateParams",
    type: "object",
  };
  writeFileSync(path, JSON.stringify(schema, null, 2));
}
`;

function wrapperScript(version: string, realCodex: string, breakSchema: boolean): string {
  const real = JSON.stringify(realCodex);
  const patch = breakSchema
    ? `if [ "$1" = "app-server" ] && [ "$2" = "generate-json-schema" ]; then
  ${real} "$@" || exit $?
  out=""; prev=""
  for arg in "$@"; do [ "$prev" = "--out" ] && out="$arg"; prev="$arg"; done
  exec node "$(dirname "$0")/add-method.mjs" "$out"
fi
`
    : "";
  return `#!/bin/sh
# Fixture codex ${version}: reports the fixture version, runs the real pinned codex for everything else.
if [ "$1" = "--version" ]; then echo "codex-cli ${version}"; exit 0; fi
${patch}exec ${real} "$@"
`;
}

function platformPackage(
  release: FixtureRelease,
  platform: RuntimePlatform,
  host: RuntimePlatform | undefined,
  realCodex: string,
): TarFile[] {
  const bin = `vendor/${platform.triple}/bin`;
  const isHost = host?.id === platform.id;
  const files: TarFile[] = [
    {
      path: "package.json",
      content: `${JSON.stringify(
        {
          name: "@openai/codex",
          version: `${release.version}-${platform.id}`,
          license: "Apache-2.0",
          os: [platform.os],
          cpu: [platform.cpu],
          files: ["vendor"],
        },
        null,
        2,
      )}\n`,
    },
    {
      path: `${bin}/${platform.executable}`,
      mode: 0o755,
      content: isHost
        ? wrapperScript(release.version, realCodex, release.breakSchema === true)
        : `#!/bin/sh\necho "codex-cli ${release.version}"\n`,
    },
  ];
  if (isHost && release.breakSchema)
    files.push({ path: `${bin}/add-method.mjs`, content: ADD_METHOD_SCRIPT });
  return files;
}

function metaPackage(release: FixtureRelease, platforms: readonly RuntimePlatform[]): TarFile[] {
  const optionalDependencies = Object.fromEntries(
    platforms.map((p) => [`@openai/codex-${p.id}`, `npm:@openai/codex@${release.version}-${p.id}`]),
  );
  return [
    {
      path: "package.json",
      content: `${JSON.stringify(
        {
          name: "@openai/codex",
          version: release.version,
          license: "Apache-2.0",
          bin: { codex: "bin/codex.js" },
          type: "module",
          files: ["bin/codex.js"],
          optionalDependencies,
        },
        null,
        2,
      )}\n`,
    },
    { path: "bin/codex.js", mode: 0o755, content: "#!/usr/bin/env node\nconsole.log('fixture');\n" },
  ];
}

/** Packs every fixture release into `dir` and reads the tarballs back (integrity, shasum, manifest). */
export function packFixtureReleases(options: {
  readonly releases: readonly FixtureRelease[];
  readonly platforms: readonly RuntimePlatform[];
  /** This machine's platform (its binary is the wrapper). */
  readonly host: RuntimePlatform | undefined;
  /** The real pinned codex the wrapper runs. */
  readonly realCodex: string;
  readonly dir: string;
}): Tarball[] {
  mkdirSync(options.dir, { recursive: true });
  const tarballs: Tarball[] = [];
  const write = (name: string, files: readonly TarFile[]) => {
    const path = join(options.dir, name);
    writeFileSync(path, packTgz(files));
    tarballs.push(readTarball(path));
  };
  for (const release of options.releases) {
    const published = options.platforms.filter((p) => release.platforms.includes(p.id));
    write(`codex-${release.version}.tgz`, metaPackage(release, published));
    for (const platform of published) {
      write(
        `codex-${release.version}-${platform.id}.tgz`,
        platformPackage(release, platform, options.host, options.realCodex),
      );
    }
  }
  return tarballs;
}
