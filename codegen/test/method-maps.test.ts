import { describe, expect, expectTypeOf, test } from "vitest";
import { manifestCounts } from "../src/schema-manifest.js";
import {
  type Camel,
  type CamelClientRequestMap,
  type CamelServerNotificationMap,
  CLIENT_REQUEST_METHODS,
  type ClientRequestMap,
  type ClientRequestMethod,
  EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS,
  EXPERIMENTAL_ONLY_SERVER_REQUEST_METHODS,
  EXPERIMENTAL_PARAM_FIELDS,
  type ExperimentalClientRequestMap,
  type ExperimentalClientRequestMethod,
  type ExperimentalServerRequestMap,
  OPTIONAL_PARAMS_CLIENT_METHODS,
  PARAMLESS_CLIENT_METHODS,
  SERVER_NOTIFICATION_METHODS,
  SERVER_REQUEST_METHODS,
  type ServerNotificationMap,
  type ServerRequestMap,
  type Thread,
  type UserInput,
} from "./support/generated.js";
import { unionMethods } from "./support/raw-schema.js";

const sorted = (values: readonly string[]): string[] => [...values].sort();
// What schemas/manifest.json says the bundles hold (written by pnpm schema:update, checked by codegen:check).
const counts = manifestCounts();

describe("method maps hold exactly the schema's unions", () => {
  test("client requests: stable and experimental-only", () => {
    const stable = unionMethods("stable", "ClientRequest");
    const experimental = unionMethods("experimental", "ClientRequest");
    expect(CLIENT_REQUEST_METHODS).toHaveLength(stable.length);
    expect(CLIENT_REQUEST_METHODS.length + EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS.length).toBe(
      experimental.length,
    );
    expect(sorted(CLIENT_REQUEST_METHODS)).toEqual(sorted(stable));
    expect(sorted([...CLIENT_REQUEST_METHODS, ...EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS])).toEqual(
      sorted(experimental),
    );
    // The numbers the manifest quotes (and the docs with it).
    expect([CLIENT_REQUEST_METHODS.length, EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS.length]).toEqual([
      counts.clientRequests.stable,
      counts.clientRequests.experimentalOnly,
    ]);
  });

  test("server notifications", () => {
    const methods = unionMethods("experimental", "ServerNotification");
    expect(sorted(SERVER_NOTIFICATION_METHODS)).toEqual(sorted(methods));
    expect(SERVER_NOTIFICATION_METHODS).toHaveLength(
      counts.serverNotifications.stable + counts.serverNotifications.experimentalOnly,
    );
    expect(unionMethods("stable", "ServerNotification")).toHaveLength(counts.serverNotifications.stable);
  });

  test("server requests: stable and experimental-only", () => {
    const stable = unionMethods("stable", "ServerRequest");
    const experimental = unionMethods("experimental", "ServerRequest");
    expect(sorted(SERVER_REQUEST_METHODS)).toEqual(sorted(stable));
    expect(sorted([...SERVER_REQUEST_METHODS, ...EXPERIMENTAL_ONLY_SERVER_REQUEST_METHODS])).toEqual(
      sorted(experimental),
    );
    expect([SERVER_REQUEST_METHODS.length, EXPERIMENTAL_ONLY_SERVER_REQUEST_METHODS.length]).toEqual([
      counts.serverRequests.stable,
      counts.serverRequests.experimentalOnly,
    ]);
  });

  test("the map types have one key per method (checked at compile time)", () => {
    expectTypeOf<ClientRequestMethod>().toEqualTypeOf<(typeof CLIENT_REQUEST_METHODS)[number]>();
    expectTypeOf<ExperimentalClientRequestMethod>().toEqualTypeOf<
      (typeof CLIENT_REQUEST_METHODS)[number] | (typeof EXPERIMENTAL_ONLY_CLIENT_REQUEST_METHODS)[number]
    >();
    expectTypeOf<keyof ServerNotificationMap>().toEqualTypeOf<(typeof SERVER_NOTIFICATION_METHODS)[number]>();
    expectTypeOf<keyof ServerRequestMap>().toEqualTypeOf<(typeof SERVER_REQUEST_METHODS)[number]>();
  });
});

describe("entry types", () => {
  test("thread/start returns a thread; params and result are the schema's types", () => {
    expectTypeOf<ClientRequestMap["thread/start"]["result"]>().toHaveProperty("thread");
    expectTypeOf<ClientRequestMap["thread/start"]["result"]["thread"]>().toEqualTypeOf<Thread>();
    expectTypeOf<ClientRequestMap["turn/start"]["params"]["input"]>().toEqualTypeOf<UserInput[]>();
    expectTypeOf<ExperimentalClientRequestMap["thread/start"]>().toEqualTypeOf<
      ClientRequestMap["thread/start"]
    >();
  });

  test("experimental-only methods are only in the experimental map", () => {
    expectTypeOf<ExperimentalClientRequestMap>().toHaveProperty("collaborationMode/list");
    expectTypeOf<ClientRequestMap>().not.toHaveProperty("collaborationMode/list");
    // Every stable server request is in the experimental map too, with the same types.
    expectTypeOf<ServerRequestMap>().toExtend<Pick<ExperimentalServerRequestMap, keyof ServerRequestMap>>();
  });

  test("methods with null params take undefined; optional params may be omitted", () => {
    expectTypeOf<ClientRequestMap["account/logout"]["params"]>().toEqualTypeOf<undefined>();
    expectTypeOf<ClientRequestMap["account/logout"]["result"]>().toEqualTypeOf<Record<string, never>>();
    expectTypeOf<ClientRequestMap["account/rateLimits/read"]["params"]>().toExtend<undefined | object>();
    expectTypeOf<undefined>().toExtend<ClientRequestMap["account/rateLimits/read"]["params"]>();
    expect(PARAMLESS_CLIENT_METHODS.has("account/logout")).toBe(true);
    expect(PARAMLESS_CLIENT_METHODS.has("thread/start")).toBe(false);
    expect(OPTIONAL_PARAMS_CLIENT_METHODS.has("account/rateLimits/read")).toBe(true);
  });

  test("empty responses are empty records, not {}", () => {
    expectTypeOf<ClientRequestMap["thread/archive"]["result"]>().toEqualTypeOf<Record<string, never>>();
    // @ts-expect-error a non-empty object is not an empty response
    const wrong: ClientRequestMap["thread/archive"]["result"] = { surprise: 1 };
    expect(wrong).toBeDefined();
  });

  test("server requests carry params and result", () => {
    type Approval = ServerRequestMap["item/commandExecution/requestApproval"];
    expectTypeOf<Approval["params"]>().toHaveProperty("threadId");
    expectTypeOf<Approval["result"]>().toHaveProperty("decision");
  });

  test("camel maps use the camelCase twins", () => {
    type WireText = Extract<UserInput, { type: "text" }>;
    type CamelText = Extract<Camel.UserInput, { type: "text" }>;
    expectTypeOf<WireText>().toHaveProperty("text_elements");
    expectTypeOf<CamelText>().toHaveProperty("textElements");
    expectTypeOf<CamelText>().not.toHaveProperty("text_elements");
    expectTypeOf<CamelClientRequestMap["turn/start"]["params"]["input"]>().toEqualTypeOf<Camel.UserInput[]>();
    expectTypeOf<CamelServerNotificationMap["item/started"]>().toEqualTypeOf<Camel.ItemStartedNotification>();
    // Free-form maps keep the wire spelling.
    expectTypeOf<Camel.Config>().toHaveProperty("approval_policy");
  });
});

describe("experimental marks", () => {
  test("EXPERIMENTAL_PARAM_FIELDS lists the experimental-only params fields of stable methods", () => {
    expect(EXPERIMENTAL_PARAM_FIELDS["thread/start"]).toContain("dynamicTools");
    expect(EXPERIMENTAL_PARAM_FIELDS["thread/start"]).not.toContain("cwd");
    const stable: ReadonlySet<string> = new Set(CLIENT_REQUEST_METHODS);
    for (const method of Object.keys(EXPERIMENTAL_PARAM_FIELDS)) expect(stable.has(method)).toBe(true);
  });
});
