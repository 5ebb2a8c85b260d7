import type { ThreadTokenUsage } from "../protocol-types.js";
import type { PriceTable, TokenUsage } from "./usage-types.js";

/**
 * @internal What a turn needs from its thread to account for itself: the thread's total before the
 * turn (its usage is the growth of codex's cumulative `total`), the model, prices, and where to report.
 */
export interface TurnAccounting {
  /** The thread's cumulative usage as last reported, undefined when codex has reported none yet. */
  baseline(): TokenUsage | undefined;
  /** Codex's report for the thread, passed on as it arrives. */
  report(usage: ThreadTokenUsage): void;
  readonly model: string | undefined;
  readonly prices: PriceTable | undefined;
}

/** @internal The running usage of one thread, as codex last reported it. */
export class ThreadUsageTracker {
  #last: ThreadTokenUsage | undefined;

  get current(): ThreadTokenUsage | undefined {
    return this.#last;
  }

  report(usage: ThreadTokenUsage): void {
    this.#last = usage;
  }

  accounting(model: string | undefined, prices: PriceTable | undefined): TurnAccounting {
    return {
      baseline: () => this.#last?.total,
      report: (usage) => this.report(usage),
      model,
      prices,
    };
  }
}
