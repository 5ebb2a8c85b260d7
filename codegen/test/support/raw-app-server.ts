// Captures real messages from the pinned codex for the codegen tests (RawAppServer lives in src/probe/).
import { type CapturedExchange, type CapturedSession, RawAppServer } from "../../src/probe/raw-app-server.js";

export type { CapturedExchange, CapturedSession, RawMessage } from "../../src/probe/raw-app-server.js";
export { RawAppServer };

/** initialize, thread/start (ephemeral), config/read and model/list, as the brief's capture asks. */
export async function captureSession(): Promise<CapturedSession> {
  const server = await RawAppServer.start();
  try {
    const requests: CapturedExchange[] = [];
    const exchange = async (method: string, params: unknown): Promise<void> => {
      const reply = await server.request(method, params);
      if (reply.error !== undefined) throw new Error(`${method} failed: ${JSON.stringify(reply.error)}`);
      requests.push({ method, params, result: reply.result });
    };
    await exchange("initialize", {
      clientInfo: { name: "codegen_fixtures", title: "codegen fixtures", version: "0.0.0" },
      capabilities: { experimentalApi: true },
    });
    server.notify("initialized");
    await exchange("thread/start", { ephemeral: true });
    await exchange("config/read", {});
    await exchange("model/list", {});
    return { requests, notifications: [...server.notifications] };
  } finally {
    await server.close();
  }
}
