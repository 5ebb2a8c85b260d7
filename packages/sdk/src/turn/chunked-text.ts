/**
 * Text that grows by many small pieces. `a += piece` a million times leaves V8 a million-node rope (tens
 * of bytes of overhead per piece until something flattens it); here pieces are joined into flat chunks
 * every CHUNK_PIECES appends, so memory stays about the text's own size and appending stays O(1).
 */
const CHUNK_PIECES = 2048;

export class ChunkedText {
  #chunks: string[] = [];
  #pieces: string[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  append(piece: string): void {
    this.#pieces.push(piece);
    this.#length += piece.length;
    if (this.#pieces.length >= CHUNK_PIECES) {
      this.#chunks.push(this.#pieces.join(""));
      this.#pieces = [];
    }
  }

  /** The whole text as one flat string (joined on demand; the buffer keeps it in one chunk afterwards). */
  toString(): string {
    if (this.#chunks.length + this.#pieces.length <= 1) return this.#chunks[0] ?? this.#pieces[0] ?? "";
    const text = this.#chunks.join("") + this.#pieces.join("");
    this.#chunks = [text];
    this.#pieces = [];
    return text;
  }
}
