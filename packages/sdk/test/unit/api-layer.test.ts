import { CLIENT_REQUEST_METHODS, EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS } from "@codex/app-server-protocol";
import { describe, expect, expectTypeOf, it } from "vitest";
import { apiMethodName } from "../../src/client/api-layer.js";
import type { ThreadInfo } from "../../src/index.js";
import { type ApiMethodName, Codex } from "../../src/index.js";

describe("the generated api layer", () => {
  it("names every wire method uniquely in camelCase", () => {
    const all = [...CLIENT_REQUEST_METHODS, ...EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS];
    const names = all.map(apiMethodName);
    expect(new Set(names).size).toBe(all.length);
    expect(apiMethodName("fs/readFile")).toBe("fsReadFile");
    expect(apiMethodName("account/rateLimits/read")).toBe("accountRateLimitsRead");
    expect(apiMethodName("thread/inject_items")).toBe("threadInjectItems");
    expectTypeOf<ApiMethodName<"thread/inject_items">>().toEqualTypeOf<"threadInjectItems">();
    expectTypeOf<ApiMethodName<"account/login/start">>().toEqualTypeOf<"accountLoginStart">();
  });

  it("has one function per method, typed from the method maps, without starting a process", () => {
    const codex = new Codex();
    expect(Object.keys(codex.api)).toHaveLength(CLIENT_REQUEST_METHODS.length);
    expect(codex.connection).toBeUndefined();
    const experimental = new Codex({ experimentalApi: true });
    expect(Object.keys(experimental.api)).toHaveLength(
      CLIENT_REQUEST_METHODS.length + EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS.length,
    );
    expect(typeof experimental.api.collaborationModeList).toBe("function");
    expectTypeOf(codex.api.threadRead).parameter(0).toMatchTypeOf<{ threadId: string } | undefined>();
    expectTypeOf(codex.api.threadRead).returns.resolves.toMatchTypeOf<{ thread: ThreadInfo }>();
    // Methods without params (account/logout) or with optional ones (model/list) can be called bare.
    expectTypeOf(codex.api.accountLogout).toBeCallableWith();
    expectTypeOf(codex.api.modelList).toBeCallableWith();
    // @ts-expect-error thread/read needs its params
    expectTypeOf(codex.api.threadRead).toBeCallableWith();
    // @ts-expect-error experimental methods exist only with experimentalApi: true
    expect(codex.api.collaborationModeList).toBeUndefined();
  });
});
