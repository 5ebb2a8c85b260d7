import { StringDecoder } from "node:string_decoder";

/**
 * Splits a byte stream into lines. UTF-8 sequences split across chunks are joined by the decoder;
 * a trailing `\r` is dropped (CRLF); blank lines are skipped. Lines may be of any size: pieces of an
 * unfinished line are kept in a list and joined once, when its newline arrives.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder("utf8");
  private partial: string[] = [];

  /** Feeds one chunk; calls `onLine` for every complete line in it, in order. */
  push(chunk: Buffer | string, onLine: (line: string) => void): void {
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
  }

  /** Flushes a last line that had no newline (the peer closed mid-line). */
  end(onLine: (line: string) => void): void {
    const rest = this.decoder.end();
    if (rest) this.partial.push(rest);
    if (this.partial.length === 0) return;
    const line = this.partial.join("");
    this.partial = [];
    emit(line, onLine);
  }

  /** Characters buffered for the current unfinished line. */
  get pendingLength(): number {
    let total = 0;
    for (const piece of this.partial) total += piece.length;
    return total;
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
