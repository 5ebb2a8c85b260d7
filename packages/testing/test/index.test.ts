import { join } from "node:path";
import { describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };
import * as api from "../src/index.js";

describe("@codex/app-server-testing public surface", () => {
  it("exports exactly these runtime values", () => {
    expect(Object.keys(api).sort()).toEqual([
      "CALC_MCP_SERVER_PATH",
      "DEFAULT_REDACTED_FIELDS",
      "FAKE_APP_SERVER_SCRIPT_PATH",
      "InMemoryAppServer",
      "InMemoryTransport",
      "MOCK_MODEL",
      "MOCK_PROVIDER_ID",
      "MockResponsesServer",
      "ReplayDivergenceError",
      "accountUsageBody",
      "applyPatchCommand",
      "calcMcpServer",
      "chatGptAuthJson",
      "createCodexHome",
      "encodeSseEvent",
      "fakeAppServerCommand",
      "forThread",
      "freePort",
      "functionCallOutputs",
      "inputTexts",
      "isolatedEnv",
      "mockProviderConfig",
      "parseRecording",
      "planCollaborationMode",
      "rateLimitHeaders",
      "readFakeRecording",
      "readRecording",
      "recordingTransport",
      "redactFields",
      "renderPatch",
      "replayTransport",
      "reply",
      "requestThreadId",
      "startCodexTestEnv",
      "streamEvents",
      "toToml",
      "tomlKey",
      "tomlString",
      "toolNames",
      "withUserText",
    ]);
  });

  it("ships the fake app-server script next to dist", () => {
    expect(packageJson.files).toEqual(["dist", "assets"]);
    expect(api.FAKE_APP_SERVER_SCRIPT_PATH.endsWith(join("testing", "assets", "fake-app-server.mjs"))).toBe(
      true,
    );
    expect(Object.keys(packageJson.exports)).toEqual([".", "./package.json"]);
  });
});
