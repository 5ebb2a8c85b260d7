import { describe, expect, it } from "vitest";
import { descendantsOf, listProcesses, parseProcStat, parsePs } from "../../src/transports/process-tree.js";

describe("process tree", () => {
  it("parses /proc stat lines, parentheses and spaces in the name included", () => {
    expect(parseProcStat("4242 (tokio (rt) 1) S 4200 4242 4100 0 -1 4194560 ...")).toEqual({
      pid: 4242,
      ppid: 4200,
      pgid: 4242,
      sid: 4100,
    });
    expect(parseProcStat("garbage")).toBeUndefined();
  });

  it("parses ps output and finds descendants by parent links", () => {
    const processes = parsePs(
      "  1     0     1\n 10     1    10\n 11    10    11\n 12    11    12\n 20     1    20\n",
    );
    expect(descendantsOf(10, processes).map((p) => p.pid)).toEqual([11, 12]);
    expect(descendantsOf(99, processes)).toEqual([]);
  });

  it("sees this process with its group and session on Linux", () => {
    if (process.platform !== "linux") return;
    const self = listProcesses().find((p) => p.pid === process.pid);
    expect(self).toMatchObject({ ppid: process.ppid });
    expect(self?.sid).toBeTypeOf("number");
  });
});
