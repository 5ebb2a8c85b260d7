/** What the server said a thread runs on, read from thread/start, resume and fork results. */
export interface ThreadModel {
  readonly model: string | undefined;
  readonly modelProvider: string | undefined;
}

/** Remembers each thread's model (bounded: the oldest threads are forgotten first). */
export class ThreadModels {
  readonly #models = new Map<string, ThreadModel>();

  constructor(private readonly max = 10_000) {}

  get(threadId: string): ThreadModel | undefined {
    return this.#models.get(threadId);
  }

  /** Reads a request's result; only the thread lifecycle methods carry a model. */
  observe(method: string, result: unknown): void {
    if (method !== "thread/start" && method !== "thread/resume" && method !== "thread/fork") return;
    if (typeof result !== "object" || result === null) return;
    const r = result as { thread?: { id?: unknown }; model?: unknown; modelProvider?: unknown };
    const threadId = r.thread?.id;
    if (typeof threadId !== "string") return;
    this.#models.delete(threadId);
    this.#models.set(threadId, {
      model: typeof r.model === "string" ? r.model : undefined,
      modelProvider: typeof r.modelProvider === "string" ? r.modelProvider : undefined,
    });
    if (this.#models.size > this.max) {
      const oldest = this.#models.keys().next().value;
      if (oldest !== undefined) this.#models.delete(oldest);
    }
  }
}
