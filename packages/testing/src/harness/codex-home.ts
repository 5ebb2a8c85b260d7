import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type TomlTable, toToml } from "./toml.js";

/**
 * Approval policies codex 0.169.0 accepts in config.toml. It refuses to start with
 * `approval_policy = "untrusted"` ("no longer supported"); send `approvalPolicy: "untrusted"`
 * in thread/start instead, which it still honours per thread.
 */
export type ConfigApprovalPolicy = "on-request" | "never";
export type SandboxMode = "read-only" | "workspace-write" | "danger-full-access";

export interface CodexHomeOptions {
  /** Base URL of the mock Responses API, ending in `/v1` (MockResponsesServer#url). */
  readonly mockUrl: string;
  /** Default approval policy for new threads (default "never"); thread/start can override it. */
  readonly approvalPolicy?: ConfigApprovalPolicy;
  /** Default sandbox (default "read-only"); thread/start can override it. */
  readonly sandboxMode?: SandboxMode;
  /** Extra config, deep-merged over the generated config.toml (tables merge, other values replace). */
  readonly config?: TomlTable;
  /** Parent directory of the temp dir (default the OS temp dir). */
  readonly parentDir?: string;
  /**
   * The HOME codex and the commands it runs get. "quiet" (default): an empty folder inside the CODEX_HOME,
   * so `bash -lc` (codex's shell snapshot and every command) sources no ~/.bashrc: the run does not depend on
   * this machine's shell profile, which can take seconds, or a minute behind a stale `pyenv rehash` lock
   * that a killed login shell left. "inherit": the parent's HOME.
   */
  readonly home?: "quiet" | "inherit";
}

export interface CodexHome extends AsyncDisposable {
  /** The CODEX_HOME directory. */
  readonly path: string;
  /** The config written to `config.toml`, as data. */
  readonly config: TomlTable;
  /** Variables to merge into the codex child's env. */
  readonly env: Readonly<Record<string, string>>;
  /** Removes the directory. Safe to call twice. */
  cleanup(): Promise<void>;
}

/** The id of the mock model provider in the generated config. */
export const MOCK_PROVIDER_ID = "mock";
/** The model name codex is told to use; unknown to codex, so it falls back to a default tool set. */
export const MOCK_MODEL = "mock-model";

/** The config.toml content that points codex at a mock Responses API (protocol.md section 13). */
export function mockProviderConfig(options: Omit<CodexHomeOptions, "parentDir">): TomlTable {
  if ((options.approvalPolicy as string | undefined) === "untrusted") {
    throw new TypeError(
      'codex 0.169.0 refuses approval_policy = "untrusted" in config.toml; pass approvalPolicy: "untrusted" to thread/start instead',
    );
  }
  const base: TomlTable = {
    model: MOCK_MODEL,
    model_provider: MOCK_PROVIDER_ID,
    approval_policy: options.approvalPolicy ?? "never",
    sandbox_mode: options.sandboxMode ?? "read-only",
    // Keep codex quiet and offline: no update check, no remote model catalogue.
    check_for_update_on_startup: false,
    model_providers: {
      [MOCK_PROVIDER_ID]: {
        name: "mock",
        base_url: options.mockUrl,
        wire_api: "responses",
        request_max_retries: 0,
        stream_max_retries: 0,
        supports_websockets: false,
      },
    },
    features: { remote_models: false },
  };
  return options.config === undefined ? base : deepMerge(base, options.config);
}

function deepMerge(base: TomlTable, override: TomlTable): TomlTable {
  const merged: Record<string, TomlTable[string]> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isPlainTable(current) && isPlainTable(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function isPlainTable(value: unknown): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Makes an isolated CODEX_HOME with a config.toml that points codex at the mock Responses API. */
export async function createCodexHome(options: CodexHomeOptions): Promise<CodexHome> {
  // Build the config first: a bad option must not leave a temp dir behind.
  const config = mockProviderConfig(options);
  const text = toToml(config);
  const path = await mkdtemp(join(options.parentDir ?? tmpdir(), "codex-home-"));
  const quietHome = join(path, "home");
  try {
    await writeFile(join(path, "config.toml"), text, "utf8");
    if (options.home !== "inherit") await mkdir(quietHome);
  } catch (error) {
    await rm(path, { recursive: true, force: true });
    throw error;
  }
  let removed = false;
  const cleanup = async () => {
    if (removed) return;
    removed = true;
    await rm(path, { recursive: true, force: true, maxRetries: 3 });
  };
  return {
    path,
    config,
    // The mock provider declares no env_key, so codex needs no API key.
    env: options.home === "inherit" ? { CODEX_HOME: path } : { CODEX_HOME: path, HOME: quietHome },
    cleanup,
    [Symbol.asyncDispose]: cleanup,
  };
}
