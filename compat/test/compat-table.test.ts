import { readFileSync } from "node:fs";
import { CODEX_PREVIOUS_VERSION, CODEX_VERSION } from "@codex/runtime";
import { describe, expect, it } from "vitest";
import { renderCompatibilityTable, TABLE_END, TABLE_START, withTable } from "../src/compat-table.js";
import { COMPATIBILITY_DOC, currentTable } from "../src/current-table.js";
import { methodSets, protocolDelta } from "../src/protocol-delta.js";

const bundle = (client: string[], notifications: string[] = []) => ({
  definitions: {
    ClientRequest: { oneOf: client.map((method) => ({ properties: { method: { enum: [method] } } })) },
    ServerRequest: { oneOf: [] },
    ServerNotification: {
      oneOf: notifications.map((method) => ({ properties: { method: { const: method } } })),
    },
  },
});

describe("compatibility table", () => {
  it("docs/compatibility.md carries the table of the versions this suite tests (pnpm compat:table)", () => {
    const document = readFileSync(COMPATIBILITY_DOC, "utf8");
    expect(withTable(document, currentTable()), "stale table: run pnpm compat:table").toBe(document);
    expect(document).toContain(`| ${CODEX_VERSION} (pinned) |`);
    if ((CODEX_PREVIOUS_VERSION as string) !== CODEX_VERSION) {
      expect(document).toContain(`| ${CODEX_PREVIOUS_VERSION} (previous release) |`);
    }
  });

  it("lists the methods one version has and the other lacks", () => {
    const pinned = methodSets(bundle(["a/new", "thread/start"], ["x/changed"]));
    const previous = methodSets(bundle(["thread/start", "z/gone"], ["x/changed"]));
    const delta = protocolDelta(pinned, previous);
    expect(delta.added.ClientRequest).toEqual(["a/new"]);
    expect(delta.removed.ClientRequest).toEqual(["z/gone"]);
    expect(delta.added.ServerNotification).toEqual([]);
    const table = renderCompatibilityTable(
      [
        { role: "pinned", version: "2.0.0", codexPath: "/p" },
        { role: "previous", version: "1.9.0", codexPath: "/q" },
      ],
      delta,
    );
    expect(table.startsWith(TABLE_START) && table.endsWith(TABLE_END)).toBe(true);
    expect(table).toContain("| 2.0.0 (pinned) |");
    expect(table).toContain("| 1.9.0 (previous release) |");
    expect(table).toContain("client requests new in 2.0.0, unknown to 1.9.0: `a/new`");
    expect(table).toContain("client requests of 1.9.0 that 2.0.0 no longer has: `z/gone`");
    expect(table).toContain("anything older than 1.9.0 or newer than 2.0.0");
  });
});
