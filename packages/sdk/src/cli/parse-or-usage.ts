/**
 * Parses a command's arguments; on bad usage prints the error and the command's usage to stderr and
 * gives the exit code 2 instead.
 */
export function parseOrUsage<T>(
  parse: () => T,
  usage: string,
): { ok: true; value: T } | { ok: false; code: 2 } {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    process.stderr.write(`codex-sdk: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    return { ok: false, code: 2 };
  }
}
