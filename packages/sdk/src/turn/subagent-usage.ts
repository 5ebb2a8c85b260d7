import type { Session } from "../client/session.js";
import type { ThreadItem, ThreadTokenUsage } from "../protocol-types.js";
import { estimateCost } from "../usage/cost.js";
import { addUsage, subtractUsage, zeroUsage } from "../usage/usage-math.js";
import type { PriceTable, SubagentUsage, TokenUsage } from "../usage/usage-types.js";

interface ChildTurn {
  readonly threadId: string;
  readonly turnId: string;
  baseline: TokenUsage | undefined;
  usage: TokenUsage;
}

/**
 * @internal The usage of the subagent threads a turn spawned. Listens to every notification of the
 * client, from the turn's first `collabAgentToolCall` to its end: a child turn is one whose `rootTurnId`
 * is this turn's id; its usage is the growth of its thread's `total`, as for any turn.
 */
export class SubagentUsageTracker {
  readonly #turns = new Map<string, ChildTurn>();
  readonly #models = new Map<string, string>();
  readonly #stop: () => void;

  constructor(
    session: Session,
    readonly rootTurnId: string,
    /** Called with a child turn's usage growth since its previous report (for budgets). */
    onGrowth: (childTurnId: string, usage: TokenUsage, model: string | undefined) => void,
  ) {
    // Per method, not a catch-all: the turn's own deltas stream past this tracker untouched.
    const subscriptions = [
      session.onMethod("turn/started", ({ params }) => {
        if (params.turn.rootTurnId !== rootTurnId || params.turn.id === rootTurnId) return;
        const turnId = params.turn.id;
        this.#turns.set(turnId, {
          threadId: params.threadId,
          turnId,
          baseline: undefined,
          usage: zeroUsage(),
        });
      }),
      session.onMethod("item/started", ({ params }) => this.#noteModel(params.item)),
      session.onMethod("item/completed", ({ params }) => this.#noteModel(params.item)),
      session.onMethod("thread/tokenUsage/updated", ({ params }) => {
        const child = this.#turns.get(params.turnId);
        if (child)
          onGrowth(child.turnId, this.#report(child, params.tokenUsage), this.#models.get(child.threadId));
      }),
    ];
    this.#stop = () => {
      for (const stop of subscriptions) stop();
    };
  }

  /** A spawn item names the subagent threads' model. */
  #noteModel(item: ThreadItem): void {
    if (item.type !== "collabAgentToolCall" || !item.model) return;
    for (const threadId of item.receiverThreadIds) this.#models.set(threadId, item.model);
  }

  /** Stops listening: the turn settled. Later child reports are not counted. */
  stop(): void {
    this.#stop();
  }

  /** Each subagent thread's usage so far, in the order its first turn started. */
  list(prices: PriceTable | undefined): SubagentUsage[] {
    const byThread = new Map<string, { turnIds: string[]; usage: TokenUsage }>();
    for (const child of this.#turns.values()) {
      const entry = byThread.get(child.threadId) ?? { turnIds: [], usage: zeroUsage() };
      entry.turnIds.push(child.turnId);
      entry.usage = addUsage(entry.usage, child.usage);
      byThread.set(child.threadId, entry);
    }
    return [...byThread].map(([threadId, { turnIds, usage }]) => {
      const model = this.#models.get(threadId);
      return { threadId, turnIds, usage, model, cost: estimateCost(usage, model, prices) };
    });
  }

  /** Updates a child turn's usage from its thread's report; returns the growth since the previous one. */
  #report(child: ChildTurn, report: ThreadTokenUsage): TokenUsage {
    child.baseline ??= subtractUsage(report.total, report.last);
    const usage = subtractUsage(report.total, child.baseline);
    const growth = subtractUsage(usage, child.usage);
    child.usage = usage;
    return growth;
  }
}
