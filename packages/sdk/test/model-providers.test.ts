import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidRequestError } from "@codex/app-server-protocol";
import { MOCK_PROVIDER_ID, reply } from "@codex/app-server-testing";
import { describe, expect, it } from "vitest";
import { useFixture } from "./support/codex-fixture.js";

const T = 40_000;
// A second provider next to the mock: an address nothing listens on, never called by these tests.
const fx = useFixture(T, {
  config: {
    features: { shell_snapshot: false },
    model_providers: {
      backup: {
        name: "Backup gateway",
        base_url: "http://127.0.0.1:9/v1",
        wire_api: "responses",
        request_max_retries: 0,
        stream_max_retries: 0,
        supports_websockets: false,
      },
    },
  },
});

describe("model providers (real binary)", () => {
  it("listModelProviders() lists the configured providers and the default", async () => {
    const providers = await fx.codex.listModelProviders();
    expect(providers.defaultProviderId).toBe(MOCK_PROVIDER_ID);
    const ids = providers.data.map((provider) => provider.id);
    expect(ids).toEqual(expect.arrayContaining([MOCK_PROVIDER_ID, "backup"]));
    const backup = providers.data.find((provider) => provider.id === "backup");
    expect(backup?.name).toBe("Backup gateway");
    expect(typeof providers.canChangeDefault).toBe("boolean");
  });

  it("modelProviderCapabilities() answers for the default provider", async () => {
    const capabilities = await fx.codex.modelProviderCapabilities();
    expect(typeof capabilities.webSearch).toBe("boolean");
    expect(typeof capabilities.imageGeneration).toBe("boolean");
  });

  it("setDefaultModelProvider() rejects an unknown id with a typed error naming it", async () => {
    const error = await fx.codex.setDefaultModelProvider("no-such-provider").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toContain("no-such-provider");
    const config = await readFile(join(fx.env.home.path, "config.toml"), "utf8");
    expect(config).not.toContain("no-such-provider");
  });

  it(
    "setDefaultModelProvider() writes config.toml; new threads of a new client use the provider",
    async () => {
      // Before the switch: a thread here runs on the mock.
      fx.env.mock.enqueue(reply.message("on the mock"));
      const before = await fx.codex.startThread({ cwd: fx.env.workspace });
      expect((await before.run("hi")).finalResponse).toBe("on the mock");
      expect(before.info.modelProvider).toBe(MOCK_PROVIDER_ID);

      const written = await fx.codex.setDefaultModelProvider("backup");
      expect(written.status).toMatch(/^ok/);
      expect(written.filePath).toBe(join(fx.env.home.path, "config.toml"));
      const config = await readFile(written.filePath, "utf8");
      expect(config).toMatch(/^model_provider = "backup"$/m);

      const other = fx.newClient();
      expect((await other.listModelProviders()).defaultProviderId).toBe("backup");
      const after = await other.startThread({ cwd: fx.env.workspace });
      expect(after.info.modelProvider).toBe("backup");
      // Put the mock back for the other tests of this file's fixture.
      await fx.codex.setDefaultModelProvider(MOCK_PROVIDER_ID);
    },
    T,
  );
});
