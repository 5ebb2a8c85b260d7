import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { Codex, Thread, ThreadOptions, TurnHandle } from "@codex/app-server-sdk";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { BrowserApprovals } from "./browser-approvals.js";
import { PAGE_HTML } from "./page.js";
import { forwardTurn } from "./turn-to-ui.js";
import { TurnFeed } from "./ui-event.js";

export interface WebChatOptions {
  readonly codex: Codex<boolean>;
  /** How each conversation's thread runs (cwd, sandbox, approval policy). */
  readonly threadOptions: ThreadOptions;
  /** Called before each turn starts (the offline run scripts the mock model here). */
  readonly beforeTurn?: (prompt: string) => void;
  /** Default 3000; 0 picks a free port. */
  readonly port?: number;
}

export interface WebChat {
  readonly url: string;
  close(): Promise<void>;
}

/** The routes: the page, start a turn, the turn's events (SSE), answer an approval. */
export function webChatApp(options: WebChatOptions): Hono {
  const threads = new Map<string, Promise<Thread>>();
  const feeds = new Map<string, TurnFeed>();
  const approvals = new BrowserApprovals();
  const app = new Hono();

  app.get("/", (c) => c.html(PAGE_HTML));

  app.post("/api/turns", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { conversationId?: unknown; prompt?: unknown };
    if (
      typeof body.prompt !== "string" ||
      body.prompt.trim() === "" ||
      typeof body.conversationId !== "string"
    ) {
      return c.text("Send { conversationId, prompt } as JSON.", 400);
    }
    const { conversationId, prompt } = body;
    let thread = threads.get(conversationId);
    if (!thread) {
      thread = options.codex.startThread(options.threadOptions);
      threads.set(conversationId, thread);
      thread.catch(() => threads.delete(conversationId));
    }
    const feed = new TurnFeed();
    const turnId = randomUUID();
    feeds.set(turnId, feed);
    options.beforeTurn?.(prompt);
    const turn = (await thread).turn(prompt, { serverRequests: approvals.handlersFor(feed) });
    // A finished turn's feed stays a minute for a page that reconnects, then goes.
    void forwardTurn(turn as TurnHandle<unknown>, feed).then(() => {
      setTimeout(() => feeds.delete(turnId), 60_000).unref();
    });
    return c.json({ turnId });
  });

  app.get("/api/turns/:id/events", (c) => {
    const feed = feeds.get(c.req.param("id"));
    if (!feed) return c.text("No such turn.", 404);
    return streamSSE(c, async (stream) => {
      const stop = new AbortController();
      stream.onAbort(() => stop.abort());
      for await (const event of feed.read(stop.signal)) {
        await stream.writeSSE({ event: "ui", data: JSON.stringify(event) });
      }
    });
  });

  app.post("/api/approvals/:id", async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { decision?: unknown };
    if (body.decision !== "accept" && body.decision !== "decline") {
      return c.text('decision must be "accept" or "decline".', 400);
    }
    return approvals.decide(c.req.param("id"), body.decision)
      ? c.body(null, 204)
      : c.text("No such request.", 404);
  });

  return app;
}

/** Serves the app on 127.0.0.1. `close()` stops the server (the Codex client stays yours). */
export function startWebChat(options: WebChatOptions): Promise<WebChat> {
  const app = webChatApp(options);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port ?? 3000, hostname: "127.0.0.1" }, (info) => {
      const { port } = info as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            // Open SSE streams would keep close() waiting.
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => done());
          }),
      });
    });
    server.once("error", reject);
  });
}
