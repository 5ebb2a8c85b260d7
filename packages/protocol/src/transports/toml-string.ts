/**
 * The one TOML string escaper of the Codex packages: the `--config` flattener and the testing harness's
 * config.toml writer both use it, so a value means the same in a flag and in a file.
 */

// TOML basic strings may not hold U+0000-U+001F (tab aside) or U+007F raw. JSON.stringify already escapes
// the C0 range, quotes and backslashes the way TOML does; DEL and the C1 controls (U+0080-U+009F, legal
// in TOML but invisible and mangled by terminals) are escaped here.
const UNESCAPED_BY_JSON = /[\u007f-\u009f]/g;

/** A TOML basic string literal (`"..."`) for `value`, with every control character escaped. */
export function tomlString(value: string): string {
  return JSON.stringify(value).replace(
    UNESCAPED_BY_JSON,
    (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`,
  );
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** A TOML key: bare when it may be, quoted with `tomlString` otherwise. */
export function tomlKey(key: string): string {
  return BARE_KEY.test(key) ? key : tomlString(key);
}
