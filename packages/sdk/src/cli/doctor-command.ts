// `codex-sdk doctor [--json] [--codex-path P] [--offline] [--listen URL] [--ws-auth capability-token]`:
// the preflight doctor of @codex/app-server-sdk. Exits 1 when a check failed, 2 on bad usage, 0 otherwise.
import { parseArgs } from "node:util";
// The package by its own name: the bundled CLI then loads the SDK's entry and shares no chunk with it.
import { type DoctorOptions, doctor } from "@codex/app-server-sdk";
import { formatDoctorReport } from "../doctor/format.js";
import { parseOrUsage } from "./parse-or-usage.js";

const USAGE = `Usage: codex-sdk doctor [options]

Checks what @codex/app-server-sdk needs: the codex binary and its version, the app-server, the login,
the sandbox, the login shell's start-up time, the model provider, and optionally a listener.

Options:
  --json                     Print the report as JSON
  --codex-path <path>        Check this codex executable (default: CODEX_PATH, the pinned package, PATH)
  --offline                  Do not contact the model provider
  --listen <url>             Also check a listener: ws://IP:PORT or unix://PATH
  --ws-auth <mode>           Auth of that WebSocket listener: none (default) or capability-token
  --shell-threshold <ms>     Login-shell start-up time that counts as slow (default 5000)
  --timeout <ms>             Timeout of each check (default 30000)
  -h, --help                 Show this help
`;

function milliseconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`${name} needs a positive number of milliseconds`);
  return ms;
}

function parse(
  argv: readonly string[],
): { command: string | undefined; json: boolean; options: DoctorOptions } | "help" {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      "codex-path": { type: "string" },
      offline: { type: "boolean" },
      listen: { type: "string" },
      "ws-auth": { type: "string" },
      "shell-threshold": { type: "string" },
      timeout: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help";
  const wsAuth = values["ws-auth"];
  if (wsAuth !== undefined && wsAuth !== "none" && wsAuth !== "capability-token") {
    throw new Error("--ws-auth is none or capability-token");
  }
  const shellThresholdMs = milliseconds(values["shell-threshold"], "--shell-threshold");
  const checkTimeoutMs = milliseconds(values.timeout, "--timeout");
  return {
    command: positionals[0],
    json: values.json ?? false,
    options: {
      ...(values["codex-path"] !== undefined && { codexPath: values["codex-path"] }),
      ...(values.offline && { offline: true }),
      ...(values.listen !== undefined && { listen: values.listen }),
      ...(wsAuth !== undefined && { listenAuth: wsAuth }),
      ...(shellThresholdMs !== undefined && { shellThresholdMs }),
      ...(checkTimeoutMs !== undefined && { checkTimeoutMs }),
    },
  };
}

/** `codex-sdk doctor …` (argv starts with "doctor"); resolves with the exit code. */
export async function doctorCommand(argv: readonly string[]): Promise<number> {
  const result = parseOrUsage(() => parse(argv), USAGE);
  if (!result.ok) return result.code;
  const parsed = result.value;
  if (parsed === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.command !== "doctor") {
    process.stderr.write(
      `${parsed.command === undefined ? "codex-sdk: missing command" : `codex-sdk: unknown command ${parsed.command}`}\n\n${USAGE}`,
    );
    return 2;
  }
  const controller = new AbortController();
  process.once("SIGINT", () => controller.abort(new Error("interrupted")));
  const report = await doctor({ ...parsed.options, signal: controller.signal });
  process.stdout.write(parsed.json ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
  return report.ok ? 0 : 1;
}
