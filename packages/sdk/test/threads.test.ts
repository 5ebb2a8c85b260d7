import { inputTexts, reply } from "@codex/app-server-testing";
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  CODEX_VERSION,
  type Codex,
  CodexAbortError,
  InvalidRequestError,
  LoginFailedError,
  NotFoundError,
  NotLoggedInError,
  type Thread,
} from "../src/index.js";
import { echoReply, useFixture } from "./support/codex-fixture.js";
import { schemaManifest } from "./support/schema-manifest.js";

const T = 40_000;
const fx = useFixture(T);

/** A thread with one finished turn (threads are stored once they have a turn). */
async function storedThread(prompt: string, codex: Codex = fx.codex): Promise<Thread> {
  fx.env.mock.enqueue(echoReply(0));
  const thread = await codex.startThread({ cwd: fx.env.workspace });
  await thread.run(prompt);
  return thread;
}

/** A thread written by another app-server process, which then exits (releasing the thread). */
async function threadFromAnotherProcess(prompt: string): Promise<Thread> {
  const writer = fx.newClient();
  const thread = await storedThread(prompt, writer);
  await writer.close();
  return thread;
}

describe("stored threads", () => {
  it(
    "lists, names, reads, archives and unarchives threads; pages with for-await",
    async () => {
      const a = await storedThread("first thread");
      const b = await storedThread("second thread");
      await a.setName("Alpha");
      const read = await fx.codex.readThread(a.id, { includeTurns: true });
      expect(read.name).toBe("Alpha");
      expect(read.turns?.map((turn) => turn.status)).toEqual(["completed"]);

      // threads() pages through thread/list as it is iterated: one thread per page here.
      const firstPage = await fx.codex.listThreads({ limit: 1 });
      expect(firstPage.data).toHaveLength(1);
      expect(firstPage.nextCursor).not.toBeNull();
      const ids: string[] = [];
      for await (const thread of fx.codex.threads({ limit: 1 })) ids.push(thread.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));

      await fx.codex.archiveThread(b.id);
      const active: string[] = [];
      for await (const thread of fx.codex.threads()) active.push(thread.id);
      expect(active).toContain(a.id);
      expect(active).not.toContain(b.id);
      const archived = await fx.codex.listThreads({ archived: true });
      expect(archived.data.map((thread) => thread.id)).toEqual([b.id]);
      await b.unarchive();
      expect((await fx.codex.listThreads({ archived: true })).data).toEqual([]);
    },
    T,
  );

  it(
    "resumes a thread in a new process with its history",
    async () => {
      const original = await threadFromAnotherProcess("remember the word pineapple");
      const other = fx.newClient();
      const resumed = await other.resumeThread(original.id);
      expect(resumed.id).toBe(original.id);
      fx.env.mock.enqueue(echoReply(0));
      const result = await resumed.run("what was the word?");
      expect(result.finalResponse).toBe("echo:what was the word?");
      const texts = inputTexts(fx.env.mock.requests.at(-1)!);
      expect(texts).toContain("remember the word pineapple");
      expect(inputTexts(fx.env.mock.requests.at(-1)!, "assistant")).toContain(
        "echo:remember the word pineapple",
      );
      await other.close();
    },
    T,
  );

  it(
    "resumeLastThread picks the most recently updated thread",
    async () => {
      const latest = await threadFromAnotherProcess("the latest one");
      const other = fx.newClient();
      const resumed = await other.resumeLastThread();
      expect(resumed.id).toBe(latest.id);
      await other.close();
    },
    T,
  );

  it(
    "forks a thread: a new id, the same history",
    async () => {
      const source = await storedThread("fork me");
      const fork = await fx.codex.forkThread(source.id);
      expect(fork.id).not.toBe(source.id);
      expect(fork.info.forkedFromId).toBe(source.id);
      fx.env.mock.enqueue(echoReply(0));
      await fork.run("in the fork");
      expect(inputTexts(fx.env.mock.requests.at(-1)!)).toEqual(
        expect.arrayContaining(["fork me", "in the fork"]),
      );
      const sourceTurns = await source.turns();
      expect(sourceTurns).toHaveLength(1); // the fork's turn did not land in the source
    },
    T,
  );

  it(
    "rolls back the stored history to before a turn",
    async () => {
      const thread = await storedThread("turn one");
      fx.env.mock.enqueue(echoReply(0));
      const second = await thread.run("turn two");
      expect(await thread.turns()).toHaveLength(2);
      await thread.revert(second.turn.id);
      const turns = await thread.turns();
      expect(turns).toHaveLength(1);
      fx.env.mock.enqueue(echoReply(0));
      await thread.run("turn three");
      const prompts = inputTexts(fx.env.mock.requests.at(-1)!).filter((text) => text.startsWith("turn "));
      expect(prompts).toEqual(["turn one", "turn three"]);
    },
    T,
  );

  it(
    "compacts a thread's context and waits for the compaction turn",
    async () => {
      const thread = await storedThread("something long to compact");
      fx.env.mock.enqueue(reply.message("SUMMARY: the user said something long"));
      const compaction = await thread.compact();
      expect(compaction.status).toBe("completed");
      fx.env.mock.enqueue(echoReply(0));
      const next = await thread.run("after compaction");
      expect(next.finalResponse).toBe("echo:after compaction");
      expect(JSON.stringify(fx.env.mock.requests.at(-1)!.body?.input)).toContain(
        "SUMMARY: the user said something long",
      );
    },
    T,
  );

  it(
    "reports unknown threads as typed protocol errors",
    async () => {
      const missing = "00000000-0000-7000-8000-000000000000";
      const readError = (await fx.codex.readThread(missing).catch((e: unknown) => e)) as InvalidRequestError;
      expect(readError).toBeInstanceOf(NotFoundError);
      expect(readError).toBeInstanceOf(InvalidRequestError);
      expect(readError.code).toBe(-32600);
      expect(readError.method).toBe("thread/read");
      const resumeError = await fx.codex.resumeThread(missing).catch((e: unknown) => e);
      expect(resumeError).toBeInstanceOf(NotFoundError);
      expect((resumeError as Error).message).toMatch(/no rollout found/);
    },
    T,
  );
});

describe("account, catalog and the generated api layer", () => {
  it(
    "reaches every client method through codex.api and codex.request, camelCase in and out",
    async () => {
      const models = await fx.codex.api.modelList({});
      expectTypeOf(models.data).toBeArray();
      expect(Array.isArray(models.data)).toBe(true);
      // The list helpers share one shape: an auto-paging iterable and a one-page call.
      const iterated: string[] = [];
      for await (const model of fx.codex.models()) iterated.push(model.id);
      expect(iterated).toEqual(models.data.map((model) => model.id));
      expect((await fx.codex.listModels()).data.map((model) => model.id)).toEqual(
        iterated.slice(0, models.data.length),
      );
      const loaded = await fx.codex.request("thread/loaded/list", {});
      expect(Array.isArray(loaded.data)).toBe(true);
      const config = await fx.codex.api.configRead({ includeLayers: false });
      expect(config.config.model).toBe("mock-model");
      const file = await fx.codex.api.fsReadFile({ path: `${fx.env.home.path}/config.toml` });
      expect(Buffer.from(file.dataBase64, "base64").toString("utf8")).toContain('model = "mock-model"');
      expect(typeof fx.codex.api.threadInjectItems).toBe("function");
      // One method per stable client request of the pinned schema.
      expect(Object.keys(fx.codex.api)).toHaveLength(schemaManifest.counts.clientRequests.stable);
    },
    T,
  );

  it(
    "passes nested config and baseUrl to the spawned server as --config overrides",
    async () => {
      const configured = fx.newClient({
        config: { model_verbosity: "low", shell_environment_policy: { inherit: "core" } },
        baseUrl: "http://127.0.0.1:9/v1",
      });
      const { config } = await configured.api.configRead({ includeLayers: false });
      const raw = config as Record<string, unknown>;
      expect(raw.model_verbosity).toBe("low");
      expect(raw.openai_base_url).toBe("http://127.0.0.1:9/v1");
      expect(raw.shell_environment_policy).toMatchObject({ inherit: "core" });
      await configured.close();
    },
    T,
  );

  it(
    "reads the account, and logs in and out with an API key",
    async () => {
      const account = await fx.codex.account();
      expect(account).toMatchObject({ account: null, requiresOpenaiAuth: false }); // the mock provider needs no login
      await expect(fx.codex.rateLimits()).rejects.toBeInstanceOf(NotLoggedInError);
      const authModes: (string | null | undefined)[] = [];
      const stop = fx.codex.onNotification("account/updated", (params) => authModes.push(params.authMode));
      const loginCompleted = new Promise((resolve) => {
        const once = fx.codex.onNotification("account/login/completed", (params) => {
          once();
          resolve(params.success);
        });
      });
      await fx.codex.loginWithApiKey("sk-test-not-a-real-key");
      expect(await loginCompleted).toBe(true);
      await fx.codex.logout();
      await fx.codex.account(); // a round trip, so the logout notification has arrived
      stop();
      expect(authModes).toEqual(["apikey", null]);
    },
    T,
  );
});

describe("ChatGPT login", () => {
  it(
    "the browser flow returns a handle with the auth URL; cancel() makes wait() reject",
    async () => {
      const login = await fx.codex.loginWithChatGpt();
      expect(login.flow).toBe("browser");
      expect(login.loginId).toMatch(/[0-9a-f-]{36}/);
      expect(login.authUrl).toMatch(/^https:\/\/auth\.openai\.com\/oauth\/authorize\?/);
      expect(login.authUrl).toContain("originator=sdk_tests");
      const waiting = login.wait();
      await login.cancel();
      const error = (await waiting.catch((e: unknown) => e)) as LoginFailedError;
      expect(error).toBeInstanceOf(LoginFailedError);
      expect(error.loginId).toBe(login.loginId);
    },
    T,
  );
});

describe("lifecycle", () => {
  it(
    "an AbortSignal during the handshake rejects start() with CodexAbortError and leaves no process",
    async () => {
      const codex = fx.newClient();
      const controller = new AbortController();
      const starting = codex.start({ signal: controller.signal });
      setImmediate(() => controller.abort("changed my mind"));
      const error = (await starting.catch((e: unknown) => e)) as CodexAbortError;
      expect(error).toBeInstanceOf(CodexAbortError);
      expect(error.reason).toBe("changed my mind");
      expect(codex.connection).toBeUndefined();
      // The client can still start later.
      const init = await codex.start();
      expect(init.codexHome).toBe(fx.env.home.path);
      await codex.close();
    },
    T,
  );

  it(
    "starts lazily, works with await using, and refuses calls after close",
    async () => {
      let closedClient: Codex | undefined;
      {
        await using codex = fx.newClient();
        closedClient = codex;
        expect(codex.connection).toBeUndefined();
        const thread = await codex.startThread({ cwd: fx.env.workspace, ephemeral: true });
        expect(thread.info.ephemeral).toBe(true);
        expect(codex.serverVersion).toBe(CODEX_VERSION);
      }
      await expect(closedClient.startThread()).rejects.toThrow(/closed/);
    },
    T,
  );
});

describe("thread options reach codex", () => {
  it(
    "maps reasoning effort, network access, extra writable roots and web search to codex config",
    async () => {
      fx.env.mock.enqueue(reply.message("ok"));
      const thread = await fx.codex.startThread({
        cwd: fx.env.workspace,
        sandbox: "workspace-write",
        reasoningEffort: "high",
        networkAccess: true,
        additionalDirectories: ["/tmp/sdk-extra-root"],
        webSearch: "disabled",
        developerInstructions: "Always answer tersely.",
      });
      await thread.run("hi");
      const body = fx.env.mock.requests.at(-1)!.body!;
      expect(body.reasoning).toMatchObject({ effort: "high" });
      expect(JSON.stringify(body.input)).toContain("Always answer tersely.");
      expect((body.tools ?? []).some((tool) => tool.type === "web_search")).toBe(false);
      const settings = await fx.codex.request("thread/resume", { threadId: thread.id });
      expect(settings.sandbox).toMatchObject({
        type: "workspaceWrite",
        networkAccess: true,
        writableRoots: expect.arrayContaining(["/tmp/sdk-extra-root"]),
      });
    },
    T,
  );
});
