import {
  type CodexConnection,
  connect,
  DEFAULT_CLIENT_INFO,
  unixSocketTransport,
} from "@codex/app-server-protocol";

/**
 * The supervisor's own client of codex: it asks which loaded threads are `active` (a turn running, or an
 * approval held), so idle shutdown never cuts a turn short. It connects on first use, not at start: codex
 * takes the user-agent originator from its first client, and by then a real SDK client came first. It
 * uses the SDK's default client name, so even when it is first the originator is the SDK's.
 */
export class TurnWatch {
  private connection: CodexConnection | undefined;

  constructor(private readonly socketPath: string) {}

  /** Ids of the loaded threads that are active now. */
  async activeThreads(): Promise<string[]> {
    const connection = await this.open();
    const ids: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await connection.request("thread/loaded/list", cursor ? { cursor } : {});
      ids.push(...page.data);
      cursor = page.nextCursor;
    } while (cursor);
    const active: string[] = [];
    for (const threadId of ids) {
      try {
        const { thread } = await connection.request("thread/read", { threadId, includeTurns: false });
        if (thread.status.type === "active") active.push(threadId);
      } catch {
        // Unloaded between the list and the read: not running.
      }
    }
    return active;
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close().catch(() => undefined);
  }

  private async open(): Promise<CodexConnection> {
    if (this.connection && !this.connection.isClosed) return this.connection;
    this.connection = await connect({
      transport: unixSocketTransport({ path: this.socketPath }),
      clientInfo: DEFAULT_CLIENT_INFO,
      requestTimeoutMs: 15_000,
      versionCheck: "off",
    });
    return this.connection;
  }
}
