import { existsSync, statSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type ConfigApprovalPolicy,
  createCodexHome,
  isolatedEnv,
  mockProviderConfig,
  startCodexTestEnv,
} from "../../src/index.js";

describe("createCodexHome", () => {
  it("writes a config.toml that points codex at the mock, and cleans up", async () => {
    const home = await createCodexHome({ mockUrl: "http://127.0.0.1:4242/v1" });
    try {
      // HOME is an empty folder inside the CODEX_HOME: no shell profile for `bash -lc` to source.
      expect(home.env).toEqual({ CODEX_HOME: home.path, HOME: join(home.path, "home") });
      expect(await readdir(join(home.path, "home"))).toEqual([]);
      const toml = await readFile(join(home.path, "config.toml"), "utf8");
      expect(toml).toContain('model = "mock-model"\nmodel_provider = "mock"\n');
      expect(toml).toContain('approval_policy = "never"\nsandbox_mode = "read-only"\n');
      expect(toml).toContain(
        [
          "[model_providers.mock]",
          'name = "mock"',
          'base_url = "http://127.0.0.1:4242/v1"',
          'wire_api = "responses"',
          "request_max_retries = 0",
          "stream_max_retries = 0",
          "supports_websockets = false",
        ].join("\n"),
      );
      expect(toml).toContain("[features]\nremote_models = false\n");
    } finally {
      await home.cleanup();
    }
    expect(existsSync(home.path)).toBe(false);
    await home.cleanup(); // twice is fine
  });

  it('home: "inherit" leaves HOME to the parent', async () => {
    await using home = await createCodexHome({ mockUrl: "http://x/v1", home: "inherit" });
    expect(home.env).toEqual({ CODEX_HOME: home.path });
    expect(existsSync(join(home.path, "home"))).toBe(false);
  });

  it("deep-merges extra config over the defaults", () => {
    const config = mockProviderConfig({
      mockUrl: "http://x/v1",
      approvalPolicy: "on-request",
      sandboxMode: "workspace-write",
      config: {
        model_providers: { mock: { stream_idle_timeout_ms: 500 } },
        features: { extra: true },
        model: "m2",
      },
    });
    expect(config).toMatchObject({
      model: "m2",
      approval_policy: "on-request",
      sandbox_mode: "workspace-write",
      model_providers: {
        mock: { base_url: "http://x/v1", stream_idle_timeout_ms: 500, request_max_retries: 0 },
      },
      features: { remote_models: false, extra: true },
    });
  });

  it('refuses approval_policy "untrusted", which codex 0.169.0 rejects in config.toml', async () => {
    const parentDir = await mkdtemp(join(tmpdir(), "codex-home-parent-"));
    try {
      await expect(
        createCodexHome({
          mockUrl: "http://x/v1",
          approvalPolicy: "untrusted" as ConfigApprovalPolicy,
          parentDir,
        }),
      ).rejects.toThrow(/thread\/start/);
      // Nothing was left behind.
      expect(await readdir(parentDir)).toEqual([]);
    } finally {
      await rm(parentDir, { recursive: true, force: true });
    }
  });

  it("disposes with await using", async () => {
    let path = "";
    {
      await using home = await createCodexHome({ mockUrl: "http://x/v1" });
      path = home.path;
      expect(statSync(path).isDirectory()).toBe(true);
    }
    expect(existsSync(path)).toBe(false);
  });
});

describe("isolatedEnv", () => {
  it("drops CODEX_* and OPENAI_* variables of the parent and adds the given ones", () => {
    process.env.OPENAI_API_KEY = "sk-should-not-leak";
    process.env.CODEX_HOME = "/somewhere/else";
    try {
      const env = isolatedEnv({ CODEX_HOME: "/tmp/mine" });
      expect(env.OPENAI_API_KEY).toBeUndefined();
      expect(env.CODEX_HOME).toBe("/tmp/mine");
      expect(env.PATH).toBe(process.env.PATH);
    } finally {
      delete process.env.OPENAI_API_KEY;
      delete process.env.CODEX_HOME;
    }
  });
});

describe("startCodexTestEnv", () => {
  it("bundles a mock, a home, the pinned binary and a workspace, and removes them on close", async () => {
    const env = await startCodexTestEnv();
    const { home, workspace } = env;
    try {
      expect(env.codexPath).toMatch(/codex(\.exe)?$/);
      expect(statSync(workspace).isDirectory()).toBe(true);
      expect(env.env.CODEX_HOME).toBe(home.path);
      expect(home.config.model_providers).toMatchObject({ mock: { base_url: env.mock.url } });
      expect(env.appServerCommand(["--listen", "stdio://"])).toEqual({
        command: env.codexPath,
        args: ["app-server", "--listen", "stdio://"],
        env: env.env,
        cwd: workspace,
      });
    } finally {
      await env.close();
    }
    expect(existsSync(home.path)).toBe(false);
    expect(existsSync(workspace)).toBe(false);
    await expect(fetch(`${env.mock.url}/models`)).rejects.toThrow();
  });
});
