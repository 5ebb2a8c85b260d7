import { existsSync } from "node:fs";
import { join } from "node:path";
import { reply } from "@codex/app-server-testing";
import { CODEX_VERSION } from "@codex/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { useCompatEnv } from "./support/compat-env.js";

const pinned = CODEX_VERSION.replaceAll(".", "\\.");

const fx = useCompatEnv();

afterEach(() => {
  delete process.env.COMPAT_PARENT_ONLY;
});

const commandOutput = (items: readonly { type: string }[]) =>
  (items.find((item) => item.type === "command_execution") as { aggregated_output: string } | undefined)
    ?.aggregated_output ?? "";

describe("CodexOptions", () => {
  it("env replaces process.env; the originator, the API key and the base URL are still injected", async () => {
    process.env.COMPAT_PARENT_ONLY = "leak";
    const codex = fx.compat({
      apiKey: "sk-compat-test",
      baseUrl: fx.env.mock.url,
      // The built-in provider, so that baseUrl (openai_base_url) and the key are what reach the mock.
      config: { model_provider: "openai" },
    });
    fx.env.mock.enqueue(
      reply.execCommand('echo "[$COMPAT_PARENT_ONLY][$CODEX_INTERNAL_ORIGINATOR_OVERRIDE][$CODEX_API_KEY]"'),
      reply.message("done"),
    );
    const before = fx.env.mock.requests.length;
    const result = await codex.startThread({ workingDirectory: fx.env.workspace }).run("go");
    expect(commandOutput(result.items)).toContain("[][codex_sdk_ts][sk-compat-test]");
    const request = fx.env.mock.requests[before];
    expect(request?.path).toBe("/v1/responses");
    expect(request?.headers.authorization).toBe("Bearer sk-compat-test");
    expect(request?.headers.originator).toBe("codex_sdk_ts");
    expect(String(request?.headers["user-agent"])).toMatch(
      // codex's version first, then the client version the compat layer reports (the pinned one).
      new RegExp(`^codex_sdk_ts/${pinned} .*\\(codex_exec; ${pinned}\\)$`),
    );
    // The key is held in memory: nothing written to CODEX_HOME.
    expect(existsSync(join(fx.env.home.path, "auth.json"))).toBe(false);
  });

  it("without env, the app-server inherits process.env (as codex exec does)", async () => {
    process.env.COMPAT_PARENT_ONLY = "inherited";
    const saved = process.env.CODEX_HOME;
    process.env.CODEX_HOME = fx.env.home.path;
    try {
      const codex = fx.compat({ env: undefined as never });
      fx.env.mock.enqueue(reply.execCommand('echo "[$COMPAT_PARENT_ONLY]"'), reply.message("done"));
      const result = await codex.startThread({ workingDirectory: fx.env.workspace }).run("go");
      expect(commandOutput(result.items)).toContain("[inherited]");
    } finally {
      if (saved === undefined) delete process.env.CODEX_HOME;
      else process.env.CODEX_HOME = saved;
    }
  });

  it("config is flattened to --config overrides (nested tables as dotted keys)", async () => {
    const codex = fx.compat({
      config: { model: "flattened-model", model_providers: { mock: { name: "mock-renamed" } } },
      configOverrides: ['model_reasoning_effort="low"'],
    });
    fx.env.mock.enqueue(reply.message("ok"));
    const before = fx.env.mock.requests.length;
    await codex.startThread({ workingDirectory: fx.env.workspace }).run("hi");
    const body = fx.env.mock.requests[before]?.body;
    expect(body?.model).toBe("flattened-model");
    expect(body?.reasoning).toMatchObject({ effort: "low" });
  });
});

describe("ThreadOptions", () => {
  it("model, reasoning effort and web search reach the model request", async () => {
    fx.env.mock.enqueue(reply.message("ok"), reply.message("ok"));
    const before = fx.env.mock.requests.length;
    const codex = fx.compat();
    await codex
      .startThread({
        workingDirectory: fx.env.workspace,
        model: "thread-model",
        modelReasoningEffort: "high",
        webSearchEnabled: false,
      })
      .run("hi");
    await codex.startThread({ workingDirectory: fx.env.workspace, webSearchMode: "live" }).run("hi");
    const [first, second] = fx.env.mock.requests.slice(before);
    expect(first?.body?.model).toBe("thread-model");
    expect(first?.body?.reasoning).toMatchObject({ effort: "high" });
    const tools = (request: typeof first) =>
      (request?.body?.tools ?? []).map((tool) => tool.name ?? tool.type);
    expect(tools(first)).not.toContain("web_search");
    expect(tools(second)).toContain("web_search");
  });

  it("sandboxMode decides whether the agent's commands may write", async () => {
    const codex = fx.compat();
    const write = (name: string) => `echo data > ${name} && echo wrote`;
    fx.env.mock.enqueue(reply.execCommand(write("ro.txt")), reply.message("done"));
    await codex.startThread({ workingDirectory: fx.env.workspace, sandboxMode: "read-only" }).run("go");
    fx.env.mock.enqueue(reply.execCommand(write("rw.txt")), reply.message("done"));
    await codex.startThread({ workingDirectory: fx.env.workspace, sandboxMode: "workspace-write" }).run("go");
    expect(existsSync(join(fx.env.workspace, "ro.txt"))).toBe(false);
    expect(existsSync(join(fx.env.workspace, "rw.txt"))).toBe(true);
  });
});

describe("input", () => {
  it("joins text parts with a blank line; images go first, as codex exec sends them", async () => {
    fx.env.mock.enqueue(reply.message("ok"));
    const before = fx.env.mock.requests.length;
    await fx
      .compat()
      .startThread({ workingDirectory: fx.env.workspace })
      .run([
        { type: "text", text: "first" },
        { type: "local_image", path: join(fx.env.workspace, "missing.png") },
        { type: "text", text: "second" },
      ]);
    const last = fx.env.mock.requests[before]?.body?.input?.at(-1) as { content: { text?: string }[] };
    expect(last.content.map((part) => part.text)).toEqual([
      expect.stringContaining("could not read the local image"),
      "first\n\nsecond",
    ]);
  });
});

describe("TurnOptions.outputSchema", () => {
  it("reaches the model as a strict json_schema format for that turn only, unchanged", async () => {
    // snake_case names and "additionalProperties" must reach the model as written (no case conversion).
    const schema = {
      type: "object",
      properties: { final_answer: { type: "string" }, nested_obj: { type: "object", properties: {} } },
      required: ["final_answer"],
      additionalProperties: false,
    };
    fx.env.mock.enqueue(reply.message('{"final_answer":"42"}'), reply.message("plain"));
    const before = fx.env.mock.requests.length;
    const thread = fx.compat().startThread({ workingDirectory: fx.env.workspace });
    const structured = await thread.run("answer", { outputSchema: schema });
    const plain = await thread.run("again");
    expect(structured.finalResponse).toBe('{"final_answer":"42"}');
    expect(plain.finalResponse).toBe("plain");
    const [first, second] = fx.env.mock.requests.slice(before);
    expect(first?.body?.text).toMatchObject({
      format: { type: "json_schema", strict: true, schema, name: "codex_output_schema" },
    });
    expect(second?.body?.text ?? null).toBeNull();
  });

  it("leaves a reply that does not match the schema to the caller, as the original does", async () => {
    fx.env.mock.enqueue(reply.message("not json"));
    const result = await fx
      .compat()
      .startThread({ workingDirectory: fx.env.workspace })
      .run("x", { outputSchema: { type: "object", properties: {} } });
    expect(result.finalResponse).toBe("not json");
  });
});
