import { describe, expect, it } from "vitest";
import { commandLineFor, quoteForCmd } from "../../src/transports/windows-command.js";

const shimText =
  "@ECHO off\r\nGOTO start\r\n:find_dp0\r\nSET dp0=%~dp0\r\nEXIT /b\r\n:start\r\nSETLOCAL\r\nCALL :find_dp0\r\n" +
  'IF EXIST "%dp0%\\node.exe" (\r\n  SET "_prog=%dp0%\\node.exe"\r\n) ELSE (\r\n  SET "_prog=node"\r\n)\r\n' +
  'endLocal & goto #_undefined_# 2>NUL || title %COMSPEC% & "%_prog%"  "%dp0%\\node_modules\\@openai\\codex\\bin\\codex.js" %*\r\n';

const windows = (files: Record<string, string>, existing: readonly string[] = []) => ({
  platform: "win32" as const,
  execPath: "C:\\node\\node.exe",
  comSpec: "C:\\Windows\\system32\\cmd.exe",
  readFile: (path: string) => {
    const text = files[path];
    if (text === undefined) throw new Error("ENOENT");
    return text;
  },
  exists: (path: string) => existing.includes(path),
});

describe("commandLineFor", () => {
  it("spawns anything directly on POSIX, and .exe files directly on Windows", () => {
    const args = ["app-server", "--config", 'model="x"'];
    expect(commandLineFor("/usr/bin/codex", args, { platform: "linux", execPath: "/node" })).toEqual({
      file: "/usr/bin/codex",
      args,
    });
    expect(commandLineFor("C:\\bin\\codex.exe", args, windows({}))).toEqual({
      file: "C:\\bin\\codex.exe",
      args,
    });
  });

  it("runs the JS entry of an npm codex.cmd shim with node", () => {
    const shim = "C:\\npm\\codex.cmd";
    const entry = "C:\\npm\\node_modules\\@openai\\codex\\bin\\codex.js";
    const host = windows({ [shim]: shimText }, [entry]);
    expect(commandLineFor(shim, ["app-server", "--listen", "stdio://"], host)).toEqual({
      file: "C:\\node\\node.exe",
      args: [entry, "app-server", "--listen", "stdio://"],
    });
  });

  it("falls back to cmd.exe with every argument quoted when the shim's entry is not there", () => {
    const shim = "C:\\Program Files\\codex\\codex.cmd";
    const line = commandLineFor(shim, ["app-server", "--config", 'model="a b"', "100%&calc"], windows({}));
    expect(line.file).toBe("C:\\Windows\\system32\\cmd.exe");
    expect(line.windowsVerbatimArguments).toBe(true);
    expect(line.args.slice(0, 3)).toEqual(["/d", "/s", "/c"]);
    expect(line.args[3]).toBe(
      '"C:\\Program^ Files\\codex\\codex.cmd ^^^"app-server^^^" ^^^"--config^^^" ' +
        '^^^"model=\\^^^"a^^^ b\\^^^"^^^" ^^^"100^^^%^^^&calc^^^""',
    );
  });

  it("treats .bat like .cmd and uses cmd.exe when ComSpec is unknown", () => {
    const host = { ...windows({}), comSpec: undefined };
    expect(commandLineFor("D:\\tools\\codex.BAT", ["x"], host)).toMatchObject({
      file: "cmd.exe",
      args: ["/d", "/s", "/c", '"D:\\tools\\codex.BAT ^^^"x^^^""'],
    });
  });
});

describe("quoteForCmd", () => {
  it("quotes by the CommandLineToArgvW rules before escaping for cmd", () => {
    expect(quoteForCmd("plain")).toBe('^^^"plain^^^"');
    expect(quoteForCmd("")).toBe('^^^"^^^"');
    // A trailing backslash is doubled so it does not escape the closing quote.
    expect(quoteForCmd("C:\\dir\\")).toBe('^^^"C:\\dir\\\\^^^"');
    // Backslashes before a quote are doubled and the quote escaped.
    expect(quoteForCmd('a\\"b')).toBe('^^^"a\\\\\\^^^"b^^^"');
  });
});
