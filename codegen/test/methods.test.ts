import { describe, expect, test } from "vitest";
import { extractMethods, resolveResultTypes } from "../src/methods.js";
import { unionMethods } from "./support/raw-schema.js";
import { schemaModel } from "./support/schema-model.js";

const model = schemaModel();
const tables = extractMethods(model.definitions, model.stableDefinitions);
const client = new Map(tables.clientRequests.map((entry) => [entry.method, entry]));

describe("method -> result type", () => {
  test("params FooParams -> FooResponse", () => {
    expect(client.get("thread/start")).toMatchObject({
      params: "ThreadStartParams",
      paramsKind: "required",
      result: "ThreadStartResponse",
    });
  });

  test.each([
    ["account/logout", "LogoutAccountResponse"],
    ["account/securitySetup/read", "GetAccountSecuritySetupResponse"],
    ["account/workspaceMessages/read", "GetWorkspaceMessagesResponse"],
    ["accountSession/list", "AccountSessionsResponse"],
    ["config/value/write", "ConfigWriteResponse"],
    ["config/batchWrite", "ConfigWriteResponse"],
    ["configRequirements/read", "ConfigRequirementsReadResponse"],
    ["memory/reset", "MemoryResetResponse"],
    ["account/gatewayOAuth/cancel", "GatewayOAuthCancelResponse"],
    ["config/mcpServer/reload", "McpServerRefreshResponse"],
  ])("%s -> %s (by the naming rule or the checked override)", (method, result) => {
    expect(client.get(method)?.result).toBe(result);
  });

  test("every method of every union has a result type that exists", () => {
    for (const entry of [...tables.clientRequests, ...tables.serverRequests]) {
      expect(model.definitions[entry.result], entry.method).toBeDefined();
    }
  });

  test("params kinds: null params, optional params", () => {
    expect(client.get("account/logout")).toMatchObject({ params: null, paramsKind: "none" });
    expect(client.get("account/rateLimits/read")).toMatchObject({
      params: "GetAccountRateLimitsParams",
      paramsKind: "optional",
    });
  });

  test("a stale or broken override fails the build", () => {
    const members = [
      { method: "thread/start", params: "ThreadStartParams", paramsKind: "required" as const },
    ];
    expect(() =>
      resolveResultTypes(model.definitions, members, { "gone/method": "ThreadStartResponse" }),
    ).toThrow(/no longer has this method/);
    const paramless = [{ method: "mystery/thing", params: null, paramsKind: "none" as const }];
    expect(() =>
      resolveResultTypes(model.definitions, paramless, { "mystery/thing": "NoSuchResponse" }),
    ).toThrow(/no such definition/);
    expect(() => resolveResultTypes(model.definitions, paramless, {})).toThrow(
      /no result type for mystery\/thing/,
    );
  });
});

describe("experimental-only methods", () => {
  test("are marked from the stable bundle", () => {
    expect(client.get("thread/start")?.experimentalOnly).toBe(false);
    expect(client.get("collaborationMode/list")?.experimentalOnly).toBe(true);
    // The server requests the experimental bundle has and the stable one lacks, read from the raw bundles.
    const stable = new Set(unionMethods("stable", "ServerRequest"));
    const experimentalOnly = unionMethods("experimental", "ServerRequest").filter((m) => !stable.has(m));
    expect(
      tables.serverRequests.filter((entry) => entry.experimentalOnly).map((entry) => entry.method),
    ).toEqual(experimentalOnly);
  });
});
