import { describe, expect, it } from "vitest";
import { type CasePlan, createCaseWalker, type NamedPlans } from "../../src/case-adapters/case-walker.js";

const PLANS: NamedPlans = {
  Item: { f: { item_id: ["itemId"], nested_item: ["nestedItem", "Item"] } },
  Labels: { f: { labels: ["labels", { m: "Item" }] } },
  Tagged: { d: "type", v: { file_change: { f: { file_path: ["filePath"] } } } },
  Untagged: {
    u: [
      { p: { f: { auth_url: ["authUrl"], login_id: ["loginId"] } }, r: ["auth_url", "login_id"] },
      { p: { f: { error_code: ["errorCode"] } }, r: ["status"], c: { status: "failed" } },
      { p: { a: "Item" }, k: "a" },
    ],
  },
  Pair: { t: [0, "Item"] },
  List: { a: "Item" },
};

const walker = createCaseWalker(PLANS);

describe("createCaseWalker", () => {
  it("renames an object's fields both ways, following named plans into nested values", () => {
    const wire = { item_id: "a", nested_item: { item_id: "b" }, extra_field: 1 };
    const camel = walker.convert("Item", wire, "toCamel");
    // Unknown fields (a newer codex) keep their spelling.
    expect(camel).toEqual({ itemId: "a", nestedItem: { itemId: "b" }, extra_field: 1 });
    expect(walker.convert("Item", camel, "toWire")).toEqual(wire);
  });

  it("accepts either spelling on the way to the wire", () => {
    expect(walker.convert("Item", { item_id: "a", nestedItem: { itemId: "b" } }, "toWire")).toEqual({
      item_id: "a",
      nested_item: { item_id: "b" },
    });
  });

  it("keeps map keys and converts map values", () => {
    const wire = { labels: { some_key: { item_id: "x" } } };
    expect(walker.convert("Labels", wire, "toCamel")).toEqual({ labels: { some_key: { itemId: "x" } } });
  });

  it("walks arrays and tuples item by item", () => {
    expect(walker.convert("List", [{ item_id: "a" }, { item_id: "b" }], "toCamel")).toEqual([
      { itemId: "a" },
      { itemId: "b" },
    ]);
    expect(walker.convert("Pair", [{ item_id: "left" }, { item_id: "right" }], "toCamel")).toEqual([
      { item_id: "left" },
      { itemId: "right" },
    ]);
    // A value of the wrong shape is returned as it came.
    const notAList = { item_id: "a" };
    expect(walker.convert("List", notAList, "toCamel")).toBe(notAList);
  });

  it("picks a tagged union's member by its tag and leaves unknown tags alone", () => {
    expect(walker.convert("Tagged", { type: "file_change", file_path: "/a" }, "toCamel")).toEqual({
      type: "file_change",
      filePath: "/a",
    });
    const unknown = { type: "new_kind", file_path: "/a" };
    expect(walker.convert("Tagged", unknown, "toCamel")).toBe(unknown);
  });

  it("picks an untagged union's member by required keys (either spelling), constants and arrayness", () => {
    expect(walker.convert("Untagged", { auth_url: "u", login_id: "l" }, "toCamel")).toEqual({
      authUrl: "u",
      loginId: "l",
    });
    expect(walker.convert("Untagged", { authUrl: "u", loginId: "l" }, "toWire")).toEqual({
      auth_url: "u",
      login_id: "l",
    });
    expect(walker.convert("Untagged", { status: "failed", error_code: 3 }, "toCamel")).toEqual({
      status: "failed",
      errorCode: 3,
    });
    const otherStatus = { status: "ok", error_code: 3 };
    expect(walker.convert("Untagged", otherStatus, "toCamel")).toBe(otherStatus);
    expect(walker.convert("Untagged", [{ item_id: "a" }], "toCamel")).toEqual([{ itemId: "a" }]);
  });

  it("returns primitives, null and values of unknown or prototype-named plans untouched", () => {
    const value = { item_id: "a" };
    for (const plan of ["Missing", "toString", "__proto__", 0] satisfies CasePlan[]) {
      expect(walker.convert(plan, value, "toCamel")).toBe(value);
    }
    expect(walker.convert("Item", null, "toCamel")).toBeNull();
    expect(walker.convert("Item", "text", "toWire")).toBe("text");
  });

  it("keeps a `__proto__` key as data instead of setting the prototype", () => {
    const input = JSON.parse('{"labels": {"__proto__": {"item_id": "x"}}}') as unknown;
    const out = walker.convert("Labels", input, "toCamel") as { labels: object };
    expect(Object.getPrototypeOf(out.labels)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out.labels, "__proto__")?.value).toEqual({ itemId: "x" });
  });

  it("converts by method, returning values of methods absent from the table as they are", () => {
    const table = { "thing/do": "Item" };
    expect(walker.convertByMethod(table, "thing/do", { item_id: "a" }, "toCamel")).toEqual({ itemId: "a" });
    const value = { item_id: "a" };
    expect(walker.convertByMethod(table, "thing/other", value, "toCamel")).toBe(value);
    expect(walker.convertByMethod(table, "hasOwnProperty", value, "toWire")).toBe(value);
  });

  it("knows which definitions it has plans for", () => {
    expect(walker.hasPlan("Item")).toBe(true);
    expect(walker.hasPlan("Missing")).toBe(false);
    expect(walker.hasPlan("constructor")).toBe(false);
  });
});
