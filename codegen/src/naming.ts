/** Wire keys the adapters rename: a lowercase word, then `_word` parts (`text_elements`). `_meta` stays. */
const SNAKE_KEY = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

export function isSnakeKey(key: string): boolean {
  return SNAKE_KEY.test(key);
}

/** `text_elements` -> `textElements`; any other key is returned unchanged. */
export function camelKey(key: string): string {
  if (!isSnakeKey(key)) return key;
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/**
 * The identifier json-schema-to-typescript derives from a title (its `toSafeString`), reimplemented so the
 * generator can detect collisions before compiling.
 */
export function typeNameOf(title: string): string {
  const spaced = title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/(^\s*[^a-zA-Z_$])|([^a-zA-Z_$\d])/g, " ")
    .replace(/^_[a-z]/g, (match) => match.toUpperCase())
    .replace(/_[a-z]/g, (match) => match.slice(1).toUpperCase())
    .replace(/([\d$]+[a-zA-Z])/g, (match) => match.toUpperCase())
    .replace(/\s+([a-zA-Z])/g, (match) => match.trim().toUpperCase())
    .replace(/\s/g, "")
    .replace(/^\d+/, "");
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Splits `account/gatewayOAuth/cancel` or `GatewayOAuthCancel` into lowercase words. */
export function words(text: string): string[] {
  return (text.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? []).map((word) => word.toLowerCase());
}
