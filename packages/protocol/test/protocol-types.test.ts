import { describe, expect, expectTypeOf, it } from "vitest";
import type { Camel, ServerNotificationMap } from "../src/index.js";
import type {
  CamelServerNotificationEnvelope,
  NotificationEnvelope,
  ServerNotificationEnvelope,
} from "../src/protocol-types.js";

describe("notification envelopes", () => {
  it("keep the top-level emittedAtMs; the union narrows by method", () => {
    expectTypeOf<ServerNotificationEnvelope<"turn/completed">>().toHaveProperty("emittedAtMs");
    expectTypeOf<ServerNotificationEnvelope<"turn/completed">["params"]>().toEqualTypeOf<
      ServerNotificationMap["turn/completed"]
    >();
    const narrow = (envelope: ServerNotificationEnvelope): string =>
      envelope.method === "item/agentMessage/delta" ? envelope.params.delta : envelope.method;
    expect(
      narrow({
        method: "item/agentMessage/delta",
        params: { threadId: "t", turnId: "u", itemId: "i", delta: "hi" },
      }),
    ).toBe("hi");
  });

  it("have camelCase and read-only twins over the same methods", () => {
    expectTypeOf<
      CamelServerNotificationEnvelope<"item/started">["params"]
    >().toEqualTypeOf<Camel.ItemStartedNotification>();
    expectTypeOf<NotificationEnvelope<"turn/completed">["params"]>().toEqualTypeOf<
      ServerNotificationEnvelope<"turn/completed">["params"]
    >();
    expectTypeOf<NotificationEnvelope["method"]>().toEqualTypeOf<ServerNotificationEnvelope["method"]>();
  });
});
