import { expect, test } from "vitest";
import { loadSchemaChecks, validateIncoming, validateOutgoing } from "../../src/connection/schema-checks.js";

// The validators (and the schema data behind them) load on demand; connect() awaits the load when
// validation is on. A connection made with the constructor may check before that: it must fail clearly.
test("before the validators load, outgoing checks fail with the reason and incoming ones are skipped", async () => {
  expect(validateOutgoing("clientRequestParams", "thread/start", { ephemeral: true })).toEqual([
    { path: "", message: expect.stringMatching(/not loaded yet.*connect\(\)/) },
  ]);
  expect(validateIncoming("serverNotificationParams", "turn/started", {})).toBeUndefined();

  await loadSchemaChecks();
  expect(validateOutgoing("clientRequestParams", "thread/start", { ephemeral: true })).toBeUndefined();
  expect(validateOutgoing("clientRequestParams", "thread/start", { ephemeral: "yes" })?.[0]?.path).toBe(
    "/params/ephemeral",
  );
  expect(validateIncoming("serverNotificationParams", "turn/started", {})).not.toBeUndefined();
  // Methods this schema does not know are never checked.
  expect(validateIncoming("serverNotificationParams", "future/method", {})).toBeUndefined();
});
