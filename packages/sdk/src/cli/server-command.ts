// `codex-sdk server status [--json]`, `codex-sdk server stop`: the shared app-server of a CODEX_HOME
// (docs/shared-server.md). `codex-sdk server run --state-dir DIR --spec FILE` is the supervisor itself,
// started detached by the SDK; it is not meant to be run by hand.
import { parseArgs } from "node:util";
import { sharedServerStatus, stopSharedServer } from "../client/shared-server/control.js";
import { runSupervisor } from "../client/shared-server/supervisor.js";
import { parseOrUsage } from "./parse-or-usage.js";

const USAGE = `Usage: codex-sdk server status [--json] [--codex-home P] [--state-dir D]
       codex-sdk server stop [--codex-home P] [--state-dir D]

The shared app-server the SDK starts for \`new Codex({ server: "shared" })\`, one per CODEX_HOME.

Options:
  --json               Print the status as JSON
  --codex-home <path>  The CODEX_HOME (default: $CODEX_HOME, else ~/.codex)
  --state-dir <path>   Its state directory (default: <codex home>/sdk-shared-server)
  -h, --help           Show this help
`;

/** `codex-sdk server …` (argv after "server"); resolves with the exit code. */
export async function serverCommand(argv: readonly string[]): Promise<number> {
  const result = parseOrUsage(() => parse(argv), USAGE);
  if (!result.ok) return result.code;
  const parsed = result.value;
  const { command, values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const where = {
    ...(values["codex-home"] !== undefined && { codexHome: values["codex-home"] }),
    ...(values["state-dir"] !== undefined && { stateDir: values["state-dir"] }),
  };
  if (command === "run") {
    if (values["state-dir"] === undefined || values.spec === undefined) {
      process.stderr.write("codex-sdk: server run needs --state-dir and --spec\n");
      return 2;
    }
    return runSupervisor(values["state-dir"], values.spec);
  }
  if (command === "status") {
    const status = await sharedServerStatus(where);
    if (values.json) process.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
    else if (!status.running) process.stdout.write(`no shared server running (${status.stateDir})\n`);
    else {
      process.stdout.write(
        [
          `shared server running at ${status.socketPath}`,
          `  supervisor pid ${status.supervisorPid}, codex pid ${status.codexPid}, codex ${status.codexVersion ?? "version unknown"}`,
          `  started ${status.startedAt}, ${status.clients} client(s), idle timeout ${status.idleTimeoutMs} ms`,
          "",
        ].join("\n"),
      );
    }
    return 0;
  }
  if (command === "stop") {
    const stopped = await stopSharedServer(where);
    process.stdout.write(stopped ? "shared server stopped\n" : "no shared server running\n");
    return 0;
  }
  process.stderr.write(
    `${command === undefined ? "codex-sdk: server needs a subcommand" : `codex-sdk: unknown server subcommand ${command}`}\n\n${USAGE}`,
  );
  return 2;
}

function parse(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      "codex-home": { type: "string" },
      "state-dir": { type: "string" },
      spec: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  return { command: positionals[0], values };
}
