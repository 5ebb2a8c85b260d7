import { StringDecoder } from "node:string_decoder";

/** How a LineSplitter bounds an unfinished line. */
export interface LineSplitterOptions {
  /** Largest line, in bytes (characters for string input), that is still delivered. Default: no cap. */
  readonly maxLineBytes?: number;
  /**
   * Called once when a line grows past the cap; the splitter then ignores all further input (the
   * peer's framing can no longer be trusted). Without it, an overlong line keeps only its last
   * `maxLineBytes` characters (the stderr tail's behaviour).
   */
  readonly onOverflow?: (bytes: number) => void;
}

/**
 * Splits a byte stream into lines. UTF-8 sequences split across chunks are joined by the decoder;
 * a trailing `\r` is dropped (CRLF); blank lines are skipped. Pieces of an unfinished line are kept in
 * a list and joined once, when its newline arrives; `maxLineBytes` bounds them, so an endless line ends
 * in `onOverflow` (or a truncated line) instead of V8's string-length RangeError.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private partial: string[] = [];
  /** Bytes of the unfinished line so far (UTF-8 never has 0x0A inside a character, so raw counts hold). */
  private partialBytes = 0;
  private overflowed = false;
  private readonly maxLineBytes: number;

  constructor(private readonly options: LineSplitterOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? Number.POSITIVE_INFINITY;
  }

  /** Feeds one chunk; calls `onLine` for every complete line in it, in order. */
  push(chunk: Buffer | string, onLine: (line: string) => void): void {
    if (this.overflowed) return;
    if (!this.withinCap(chunk)) return;
    const text = typeof chunk === "string" ? chunk : this.decoder.write(chunk);
    let start = 0;
    let newline = text.indexOf("\n");
    while (newline !== -1) {
      let line = text.slice(start, newline);
      if (this.partial.length > 0) {
        this.partial.push(line);
        line = this.partial.join("");
        this.partial = [];
      }
      emit(line, onLine);
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (start < text.length) this.partial.push(start === 0 ? text : text.slice(start));
    if (this.partialBytes > this.maxLineBytes) this.keepTail();
  }

  /** Flushes a last line that had no newline (the peer closed mid-line). */
  end(onLine: (line: string) => void): void {
    if (this.overflowed) return;
    const rest = this.decoder.end();
    if (rest) this.partial.push(rest);
    if (this.partial.length === 0) return;
    const line = this.partial.join("");
    this.partial = [];
    this.partialBytes = 0;
    emit(line, onLine);
  }

  /** Characters buffered for the current unfinished line. */
  get pendingLength(): number {
    let total = 0;
    for (const piece of this.partial) total += piece.length;
    return total;
  }

  /**
   * Updates the byte count of the unfinished line for `chunk`; false (after reporting) when a line in it
   * passes the cap and there is an overflow handler.
   */
  private withinCap(chunk: Buffer | string): boolean {
    const length = chunk.length;
    const newline = (from: number): number =>
      typeof chunk === "string" ? chunk.indexOf("\n", from) : chunk.indexOf(10, from);
    let start = 0;
    let lineBytes = this.partialBytes;
    for (let at = newline(0); at !== -1; at = newline(at + 1)) {
      lineBytes += at - start;
      if (lineBytes > this.maxLineBytes && this.overflow(lineBytes)) return false;
      start = at + 1;
      lineBytes = 0;
      // Lines wholly inside a chunk smaller than the cap cannot pass it: skip the scan.
      if (length - start <= this.maxLineBytes) {
        const last = typeof chunk === "string" ? chunk.lastIndexOf("\n") : chunk.lastIndexOf(10);
        start = last + 1;
        break;
      }
    }
    this.partialBytes = lineBytes + (length - start);
    return !(this.partialBytes > this.maxLineBytes && this.overflow(this.partialBytes));
  }

  /** Reports an overlong line when there is a handler (and stops); true if it did. */
  private overflow(bytes: number): boolean {
    if (!this.options.onOverflow) return false;
    this.overflowed = true;
    this.partial = [];
    this.options.onOverflow(bytes);
    return true;
  }

  /** Without an overflow handler: keep only the end of the unfinished line. */
  private keepTail(): void {
    const joined = this.partial.join("");
    const kept = joined.length > this.maxLineBytes ? joined.slice(joined.length - this.maxLineBytes) : joined;
    this.partial = [kept];
    this.partialBytes = kept.length;
  }
}

function emit(raw: string, onLine: (line: string) => void): void {
  const line = raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
  if (line.length === 0 || isBlank(line)) return;
  onLine(line);
}

function isBlank(line: string): boolean {
  // A JSON message starts with "{" right away; only look further when it does not.
  const first = line.charCodeAt(0);
  if (first === 123) return false;
  return line.trim().length === 0;
}
