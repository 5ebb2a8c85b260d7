import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { accountUsageBody, type MockAccountUsage } from "./rate-limits.js";
import type { RecordedRequest, ResponsesRequestBody } from "./recorded-request.js";
import {
  type HttpReply,
  type MockReply,
  type ScriptedReply,
  type StreamReply,
  streamEvents,
} from "./reply.js";
import { encodeSseEvent } from "./sse-event.js";

export interface MockResponsesServerOptions {
  /** Replies to queue before the first request. */
  readonly replies?: readonly ScriptedReply[];
  /** Default timeout of `waitForRequests`. */
  readonly defaultWaitTimeoutMs?: number;
  /**
   * HTTP status for a request the script cannot answer (default 400). Codex 0.169.0 shows the body
   * of a 400 as the turn's error message, so the failed turn says "mock script exhausted"; a 500
   * turns into a generic "high demand" message.
   */
  readonly unscriptedStatus?: number;
  /** What `GET /api/codex/usage` answers from the start (see `setAccountUsage`). */
  readonly accountUsage?: MockAccountUsage;
}

export interface WaitOptions {
  readonly timeoutMs?: number;
}

/** Something the script did not expect: a request with no queued reply, or a reply factory that threw. */
export interface MockScriptError {
  readonly request: RecordedRequest;
  readonly message: string;
}

/** Picks the requests a routed queue answers. */
export type RequestMatcher = (request: RecordedRequest) => boolean;

interface RoutedQueue {
  readonly match: RequestMatcher;
  readonly replies: ScriptedReply[];
}

interface RequestWaiter {
  readonly count: number;
  readonly resolve: (requests: readonly RecordedRequest[]) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A scripted mock of the OpenAI Responses API on 127.0.0.1 (random port). Each `POST …/responses`
 * takes the next queued reply (FIFO); `GET …/models` answers an empty list without touching the queue.
 * It also plays the ChatGPT backend's usage endpoint (`GET /api/codex/usage`, see `setAccountUsage`).
 */
export class MockResponsesServer implements AsyncDisposable {
  readonly #requests: RecordedRequest[] = [];
  readonly #allRequests: RecordedRequest[] = [];
  readonly #errors: MockScriptError[] = [];
  readonly #server: Server;
  readonly #queue: ScriptedReply[] = [];
  readonly #routes: RoutedQueue[] = [];
  readonly #waiters = new Set<RequestWaiter>();
  readonly #openResponses = new Set<ServerResponse>();
  readonly #idleListeners = new Set<() => void>();
  readonly #defaultWaitTimeoutMs: number;
  readonly #unscriptedStatus: number;
  #url = "";
  #accountUsage: MockAccountUsage | undefined;
  #responseCounter = 0;
  #closed = false;

  private constructor(server: Server, options: MockResponsesServerOptions) {
    this.#server = server;
    this.#defaultWaitTimeoutMs = options.defaultWaitTimeoutMs ?? 10_000;
    this.#unscriptedStatus = options.unscriptedStatus ?? 400;
    this.#queue.push(...(options.replies ?? []));
    this.#accountUsage = options.accountUsage;
  }

  static async start(options: MockResponsesServerOptions = {}): Promise<MockResponsesServer> {
    const server = createServer();
    const mock = new MockResponsesServer(server, options);
    server.on("request", (req, res) => {
      mock.#handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(`mock-responses internal error: ${String(error)}`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    mock.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    return mock;
  }

  /** Every POST to `/responses`, in arrival order (these are the requests that consume the script). */
  get requests(): readonly RecordedRequest[] {
    return this.#requests;
  }

  /** Every request the server received, `GET /models` and unknown paths included. */
  get allRequests(): readonly RecordedRequest[] {
    return this.#allRequests;
  }

  /** Requests the script could not answer (empty queue, throwing factory), in order. */
  get errors(): readonly MockScriptError[] {
    return this.#errors;
  }

  /** Base URL for the provider config, ending in `/v1` (still readable after close). */
  get url(): string {
    return this.#url;
  }

  /**
   * The origin of the mock (`http://127.0.0.1:<port>`, no `/v1`), for codex's `chatgpt_base_url`: codex
   * then sends its ChatGPT backend calls here (the usage read, and plugin or analytics calls, which get 404).
   */
  get chatGptBaseUrl(): string {
    return this.#url.replace(/\/v1$/, "");
  }

  /**
   * Sets what `GET /api/codex/usage` answers: the quota `account/rateLimits/read` returns when codex is
   * logged in with ChatGPT (`chatGptAuthJson`) and `chatgpt_base_url` is `chatGptBaseUrl`. Undefined
   * (the default) answers 404, which codex reports as "failed to fetch codex rate limits". Codex fetches
   * it on every read; the rate limits reported by model calls' headers do not change it.
   */
  setAccountUsage(usage: MockAccountUsage | undefined): this {
    this.#accountUsage = usage;
    return this;
  }

  /** Responses still being sent (delayed, streaming or hanging); 0 once clients disconnected. */
  get openResponses(): number {
    return this.#openResponses.size;
  }

  /** How many queued replies (routed ones included) have not been used yet. */
  get pendingReplies(): number {
    return this.#routes.reduce((sum, route) => sum + route.replies.length, this.#queue.length);
  }

  /** Queue replies for the next requests, in order. */
  enqueue(...replies: readonly ScriptedReply[]): this {
    this.#queue.push(...replies);
    return this;
  }

  /**
   * Queue replies only for requests that match (e.g. by input text or prompt_cache_key, which is the
   * thread id), for concurrent turns whose requests arrive in no fixed order. Matching routed queues
   * are tried in the order they were added, before the main queue.
   */
  enqueueFor(match: RequestMatcher, ...replies: readonly ScriptedReply[]): this {
    this.#routes.push({ match, replies: [...replies] });
    return this;
  }

  /** Resolves with the first `count` `/responses` requests once that many arrived. */
  waitForRequests(count: number, options: WaitOptions = {}): Promise<readonly RecordedRequest[]> {
    if (this.requests.length >= count) return Promise.resolve(this.requests.slice(0, count));
    if (this.#closed) return Promise.reject(new Error("MockResponsesServer is closed"));
    const timeoutMs = options.timeoutMs ?? this.#defaultWaitTimeoutMs;
    return new Promise((resolve, reject) => {
      const waiter: RequestWaiter = {
        count,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.#waiters.delete(waiter);
          reject(
            new Error(
              `MockResponsesServer: waited ${timeoutMs} ms for ${count} /responses request(s), got ${this.requests.length}`,
            ),
          );
        }, timeoutMs),
      };
      this.#waiters.add(waiter);
    });
  }

  /**
   * Resolves once no response is open: every reply was sent and every hanging stream was dropped by
   * its client (e.g. after turn/interrupt). Rejects after the timeout.
   */
  waitUntilIdle(options: WaitOptions = {}): Promise<void> {
    if (this.#openResponses.size === 0) return Promise.resolve();
    const timeoutMs = options.timeoutMs ?? this.#defaultWaitTimeoutMs;
    return new Promise((resolve, reject) => {
      const listener = () => {
        if (this.#openResponses.size > 0) return;
        clearTimeout(timer);
        this.#idleListeners.delete(listener);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#idleListeners.delete(listener);
        reject(
          new Error(
            `MockResponsesServer: ${this.#openResponses.size} response(s) still open after ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.#idleListeners.add(listener);
    });
  }

  /** Throws when a request went unanswered by the script or queued replies were never used. */
  assertScriptConsumed(): void {
    const problems = this.errors.map((error) => error.message);
    const pending = this.pendingReplies;
    if (pending > 0) problems.push(`${pending} queued reply(ies) were never requested`);
    if (problems.length > 0)
      throw new Error(`MockResponsesServer script mismatch:\n  ${problems.join("\n  ")}`);
  }

  /** Stops listening, ends hanging streams and drops every connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error("MockResponsesServer closed while waiting for requests"));
    }
    this.#waiters.clear();
    for (const res of this.#openResponses) res.destroy();
    this.#openResponses.clear();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const record = await this.#record(req);
    const path = record.path.split("?")[0] ?? "";
    if (req.method === "GET" && path.endsWith("/models")) {
      // Codex lists models at start; an empty list keeps it on its fallback model metadata.
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ models: [] }));
      return;
    }
    if (req.method === "GET" && path === "/api/codex/usage" && this.#accountUsage !== undefined) {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(accountUsageBody(this.#accountUsage)));
      return;
    }
    if (req.method !== "POST" || !path.endsWith("/responses")) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end(`mock-responses: no route for ${req.method} ${record.path}`);
      return;
    }
    this.#requests.push(record);
    this.#notifyWaiters();
    const reply = await this.#nextReply(record);
    if (reply === undefined) {
      res.writeHead(this.#unscriptedStatus, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: this.errors.at(-1)?.message, type: "mock_script_error" } }));
      return;
    }
    await this.#send(reply, res);
  }

  async #record(req: IncomingMessage): Promise<RecordedRequest> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    let body: ResponsesRequestBody | undefined;
    try {
      const parsed: unknown = rawBody === "" ? undefined : JSON.parse(rawBody);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
        body = parsed as ResponsesRequestBody;
    } catch {
      body = undefined;
    }
    const record: RecordedRequest = {
      index: this.#allRequests.length,
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: { ...req.headers },
      rawBody,
      body,
      receivedAtMs: Date.now(),
    };
    this.#allRequests.push(record);
    return record;
  }

  async #nextReply(record: RecordedRequest): Promise<MockReply | undefined> {
    const route = this.#routes.find((candidate) => candidate.replies.length > 0 && candidate.match(record));
    const scripted = route === undefined ? this.#queue.shift() : route.replies.shift();
    if (scripted === undefined) {
      this.#errors.push({
        request: record,
        message: `mock script exhausted: /responses request #${this.requests.length} (${record.method} ${record.path}) has no queued reply`,
      });
      return undefined;
    }
    if (typeof scripted !== "function") return scripted;
    try {
      return await scripted(record);
    } catch (error) {
      this.#errors.push({
        request: record,
        message: `reply factory for /responses request #${this.requests.length} threw: ${String(error)}`,
      });
      return undefined;
    }
  }

  #notifyWaiters(): void {
    for (const waiter of this.#waiters) {
      if (this.requests.length < waiter.count) continue;
      clearTimeout(waiter.timer);
      this.#waiters.delete(waiter);
      waiter.resolve(this.requests.slice(0, waiter.count));
    }
  }

  async #send(reply: MockReply, res: ServerResponse): Promise<void> {
    this.#openResponses.add(res);
    res.once("close", () => {
      this.#openResponses.delete(res);
      for (const listener of this.#idleListeners) listener();
    });
    if (reply.delayMs !== undefined && reply.delayMs > 0) await sleep(reply.delayMs);
    if (res.destroyed) return;
    if (reply.kind === "http") {
      this.#sendHttp(reply, res);
      return;
    }
    await this.#sendStream(reply, res);
  }

  #sendHttp(reply: HttpReply, res: ServerResponse): void {
    res.writeHead(reply.status, { "content-type": reply.contentType, ...reply.headers });
    res.end(reply.body);
  }

  async #sendStream(reply: StreamReply, res: ServerResponse): Promise<void> {
    this.#responseCounter += 1;
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      ...reply.headers,
    });
    const events = streamEvents(reply, `resp_${this.#responseCounter}`);
    for (const [index, event] of events.entries()) {
      if (index > 0 && reply.eventDelayMs !== undefined && reply.eventDelayMs > 0)
        await sleep(reply.eventDelayMs);
      if (res.destroyed) return;
      res.write(encodeSseEvent(event));
    }
    if (reply.end.kind === "hang") {
      // Keep the stream open; close() or the client's disconnect ends it.
      return;
    }
    res.end();
  }
}
