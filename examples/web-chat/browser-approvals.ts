import { randomUUID } from "node:crypto";
import type { ServerRequestHandlers } from "@codex/app-server-sdk";
import type { TurnFeed } from "./ui-event.js";

type Decision = "accept" | "decline";
type Kind = "command" | "fileChange" | "mcpTool";

/**
 * Approval requests answered in the browser: each request becomes an `approval` event on the turn's
 * feed and waits for the page's POST /api/approvals/:id. If codex withdraws the request (the turn
 * ended), the wait ends and the SDK's fail-closed answer stands.
 */
export class BrowserApprovals {
  readonly #pending = new Map<string, (decision: Decision) => void>();

  /** Server-request handlers for one turn, reporting to that turn's feed. */
  handlersFor(feed: TurnFeed): ServerRequestHandlers {
    return {
      "item/commandExecution/requestApproval": async (params, context) => ({
        decision: await this.#ask(feed, context.signal, {
          kind: "command",
          itemId: params.itemId,
          summary: params.command ?? "(command)",
          reason: params.reason ?? null,
        }),
      }),
      "mcpServer/elicitation/request": this.#mcpToolApproval(feed),
      "item/fileChange/requestApproval": async (params, context) => {
        const paths =
          context.item?.type === "fileChange"
            ? context.item.changes.map((change) => change.path).join(", ")
            : "";
        return {
          decision: await this.#ask(feed, context.signal, {
            kind: "fileChange",
            itemId: params.itemId,
            summary: paths || "(file change)",
            reason: params.reason ?? null,
          }),
        };
      },
    };
  }

  /**
   * Codex asks before an MCP tool call as an MCP elicitation tagged `codex_approval_kind: "mcp_tool_call"`.
   * Other elicitations (forms, URLs) are left to the fail-closed default.
   */
  #mcpToolApproval(feed: TurnFeed): ServerRequestHandlers["mcpServer/elicitation/request"] {
    return async (params, context) => {
      const meta = (params._meta ?? {}) as { codex_approval_kind?: unknown; tool_name?: unknown };
      if (meta.codex_approval_kind !== "mcp_tool_call") return undefined;
      const decision = await this.#ask(feed, context.signal, {
        kind: "mcpTool",
        itemId: "",
        summary: `the ${params.serverName} MCP tool ${String(meta.tool_name ?? "")}`,
        reason: null,
      });
      return { action: decision };
    };
  }

  /** Applies the page's answer; false when no such request is waiting. */
  decide(id: string, decision: Decision): boolean {
    const resolve = this.#pending.get(id);
    if (!resolve) return false;
    resolve(decision);
    return true;
  }

  #ask(
    feed: TurnFeed,
    signal: AbortSignal,
    request: { kind: Kind; itemId: string; summary: string; reason: string | null },
  ): Promise<Decision> {
    const id = randomUUID();
    feed.push({ type: "approval", id, ...request });
    return new Promise<Decision>((resolve) => {
      const settle = (decision: Decision): void => {
        this.#pending.delete(id);
        signal.removeEventListener("abort", withdrawn);
        feed.push({ type: "approval-decided", id, decision });
        resolve(decision);
      };
      const withdrawn = (): void => settle("decline");
      this.#pending.set(id, settle);
      signal.addEventListener("abort", withdrawn, { once: true });
    });
  }
}
