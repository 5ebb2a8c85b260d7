#!/usr/bin/env node
// `codex-sdk <command>`: dispatches to `doctor` (the preflight doctor) or `server` (the shared app-server:
// status, stop, and the hidden `run` that is the supervisor). Each command loads only what it needs, so the
// supervisor does not load the whole SDK.

const USAGE = `Usage: codex-sdk doctor [options]     Check what @codex/app-server-sdk needs
       codex-sdk server status|stop      The shared app-server of a CODEX_HOME

Run a command with --help for its options.
`;

async function main(argv: readonly string[]): Promise<number> {
  const command = argv[0];
  if (command === "server") return (await import("./server-command.js")).serverCommand(argv.slice(1));
  if (command === "doctor") {
    return (await import("./doctor-command.js")).doctorCommand(argv);
  }
  if (command === "--help" || command === "-h") {
    process.stdout.write(USAGE);
    return 0;
  }
  process.stderr.write(
    `${command === undefined ? "codex-sdk: missing command" : `codex-sdk: unknown command ${command}`}\n\n${USAGE}`,
  );
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    // Exit once stdout is flushed, even if a stray handle would keep the event loop alive.
    process.stdout.write("", () => process.exit(code));
  },
  (error: unknown) => {
    process.stderr.write(
      `codex-sdk: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
