import { stripAnsi } from "../errors.js";

/** Keeps the most recent stderr output (ANSI colour codes removed), bounded by size, as whole lines where possible. */
export class StderrRingBuffer {
  private lines: string[] = [];
  private size = 0;

  constructor(private readonly maxBytes: number) {}

  push(raw: string): void {
    const line = stripAnsi(raw);
    const kept = line.length > this.maxBytes ? line.slice(line.length - this.maxBytes) : line;
    this.lines.push(kept);
    this.size += kept.length + 1;
    while (this.size > this.maxBytes && this.lines.length > 1) {
      const dropped = this.lines.shift()!;
      this.size -= dropped.length + 1;
    }
  }

  text(): string {
    return this.lines.join("\n");
  }
}
