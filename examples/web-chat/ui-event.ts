/** What the page receives over SSE for one turn: a flat, JSON-friendly view of the turn's events. */
export type UiEvent =
  /** A piece of an agent message; `id` is the message item, each message is its own block on the page. */
  | { readonly type: "text"; readonly id: string; readonly delta: string }
  | { readonly type: "command"; readonly id: string; readonly command: string }
  | { readonly type: "output"; readonly id: string; readonly delta: string }
  | {
      readonly type: "command-done";
      readonly id: string;
      readonly status: string;
      readonly exitCode: number | null;
    }
  | { readonly type: "file-change"; readonly id: string; readonly paths: string[]; readonly status: string }
  /** An MCP tool call: started (`result` null) and finished (its text content, or the error). */
  | {
      readonly type: "mcp-tool";
      readonly id: string;
      readonly name: string;
      readonly status: string;
      readonly result: string | null;
    }
  | {
      readonly type: "approval";
      readonly id: string;
      /** The command or file-change item the request is about ("" when codex does not say: MCP tools). */
      readonly itemId: string;
      readonly kind: "command" | "fileChange" | "mcpTool";
      readonly summary: string;
      readonly reason: string | null;
    }
  | { readonly type: "approval-decided"; readonly id: string; readonly decision: string }
  | { readonly type: "done"; readonly status: string }
  | { readonly type: "error"; readonly message: string };

/**
 * The events of one turn, kept so a page that connects late (or reconnects) replays from the start,
 * and handed to every reader as they arrive until the turn is done.
 */
export class TurnFeed {
  readonly #events: UiEvent[] = [];
  readonly #waiters = new Set<() => void>();
  #done = false;

  push(event: UiEvent): void {
    if (this.#done) return;
    this.#events.push(event);
    if (event.type === "done" || event.type === "error") this.#done = true;
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }

  async *read(signal: AbortSignal): AsyncGenerator<UiEvent> {
    let index = 0;
    while (!signal.aborted) {
      while (index < this.#events.length) {
        const event = this.#events[index++];
        if (event) yield event;
      }
      if (this.#done) return;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          signal.removeEventListener("abort", wake);
          resolve();
        };
        this.#waiters.add(wake);
        signal.addEventListener("abort", wake, { once: true });
      });
    }
  }
}
