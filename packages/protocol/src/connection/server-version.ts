/**
 * The codex version in an initialize `userAgent`, e.g. `my_sdk/0.169.0 (Debian 12.0.0; x86_64) …`
 * -> `0.169.0`. Undefined when the string has no version after the first slash.
 */
export function parseServerVersion(userAgent: string): string | undefined {
  const match = /^[^/\s]+\/(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?)/.exec(userAgent);
  return match?.[1];
}
