/** A line or frame that could not be used as a JSON-RPC message. It is skipped; the connection lives on. */
export interface MalformedMessage {
  /** The raw text as received (without the line break). */
  readonly raw: string;
  /** Why it could not be used (a JSON syntax error, or not a JSON-RPC shape). */
  readonly error: Error;
}
