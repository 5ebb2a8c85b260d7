import type { Session } from "../client/session.js";
import type { ThreadTokenUsage } from "../protocol-types.js";
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
    this.#stop = session.notifications.add((event) => {
      switch (event.method) {
        case "turn/started":
          if (event.params.turn.rootTurnId === rootTurnId && event.params.turn.id !== rootTurnId) {
            const { threadId } = event.params;
            this.#turns.set(event.params.turn.id, {
              threadId,
              turnId: event.params.turn.id,
              baseline: undefined,
              usage: zeroUsage(),
            });
          }
          break;
        case "item/started":
        case "item/completed": {
          const item = event.params.item;
          if (item.type !== "collabAgentToolCall" || !item.model) break;
          for (const threadId of item.receiverThreadIds) this.#models.set(threadId, item.model);
          break;
        }
        case "thread/tokenUsage/updated": {
          const child = this.#turns.get(event.params.turnId);
          if (child)
            onGrowth(
              child.turnId,
              this.#report(child, event.params.tokenUsage),
              this.#models.get(child.threadId),
            );
          break;
        }
        default:
          break;
      }
    });
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
