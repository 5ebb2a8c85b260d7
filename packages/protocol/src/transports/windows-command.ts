import { existsSync, readFileSync } from "node:fs";
import { win32 } from "node:path";

/** What to hand to `child_process.spawn` (always without a shell). */
export interface SpawnCommandLine {
  readonly file: string;
  readonly args: readonly string[];
  /** Set for cmd.exe: the command line is already quoted for it and must be passed as is. */
  readonly windowsVerbatimArguments?: boolean;
}

/** The environment a command line is built for (the current process unless a test says otherwise). */
export interface CommandLineHost {
  readonly platform: NodeJS.Platform;
  /** The Node executable that runs a shim's JS entry. */
  readonly execPath: string;
  /** `%ComSpec%`, the cmd.exe to use for shims whose JS entry cannot be found. */
  readonly comSpec?: string | undefined;
  readonly readFile?: (path: string) => string;
  readonly exists?: (path: string) => boolean;
}

const CURRENT_HOST: CommandLineHost = {
  platform: process.platform,
  execPath: process.execPath,
  comSpec: process.env.ComSpec ?? process.env.COMSPEC,
};

/**
 * How to start `file args...` without a shell. On Windows a `.cmd`/`.bat` shim (what npm installs as
 * `codex.cmd`) cannot be spawned directly (EINVAL since Node 20.12): run the JS entry it points at with
 * Node, or, when that cannot be found, run it through cmd.exe with every argument quoted for cmd.
 */
export function commandLineFor(
  file: string,
  args: readonly string[],
  host: CommandLineHost = CURRENT_HOST,
): SpawnCommandLine {
  if (host.platform !== "win32") return { file, args };
  const extension = win32.extname(file).toLowerCase();
  if (extension !== ".cmd" && extension !== ".bat") return { file, args };
  const entry = shimEntry(file, host);
  if (entry) return { file: host.execPath, args: [entry, ...args] };
  const commandLine = [file.replace(CMD_META, "^$1"), ...args.map(quoteForCmd)].join(" ");
  return {
    file: host.comSpec ?? "cmd.exe",
    // /d: no AutoRun commands; /s /c "...": cmd strips exactly the outer quotes and runs the rest.
    args: ["/d", "/s", "/c", `"${commandLine}"`],
    windowsVerbatimArguments: true,
  };
}

// npm's cmd-shim writes `"%_prog%"  "%dp0%\node_modules\...\bin\codex.js" %*` (older ones `%~dp0\...`).
const SHIM_ENTRY = /"%~?dp0%?\\?([^"%]+\.[cm]?js)"/i;

/** The JS file an npm `.cmd` shim runs with node, if the shim is one and the file exists. */
function shimEntry(shim: string, host: CommandLineHost): string | undefined {
  let text: string;
  try {
    text = (host.readFile ?? ((path) => readFileSync(path, "utf8")))(shim);
  } catch {
    return undefined;
  }
  const match = SHIM_ENTRY.exec(text);
  if (!match) return undefined;
  const entry = win32.join(win32.dirname(shim), match[1]!);
  return (host.exists ?? existsSync)(entry) ? entry : undefined;
}

// Characters cmd.exe treats specially (space and quote included); each is escaped with ^. The program
// path is escaped once (cmd reads it once), arguments twice (see quoteForCmd).
const CMD_META = /([()\][%!^"`<>&|;, *?])/g;

/**
 * One argument for a cmd.exe command line that runs a batch file: quoted by the rules of
 * CommandLineToArgvW (backslashes before a quote doubled), then every cmd metacharacter escaped
 * with ^ twice, because cmd parses the line once and the batch file's `%*` once more.
 */
export function quoteForCmd(argument: string): string {
  let quoted = "";
  let backslashes = 0;
  for (const char of argument) {
    if (char === "\\") {
      backslashes++;
      continue;
    }
    if (char === '"') quoted += `${"\\".repeat(backslashes * 2 + 1)}"`;
    else quoted += `${"\\".repeat(backslashes)}${char}`;
    backslashes = 0;
  }
  quoted = `"${quoted}${"\\".repeat(backslashes * 2)}"`;
  return quoted.replace(CMD_META, "^^^$1");
}
