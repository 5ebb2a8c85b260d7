// A scripted app-server on the server end of an in-memory transport pair: answers `initialize` like codex
// 0.169.0, lets a test answer (or hold) each request, push notifications and send server requests.
import { CODEX_VERSION } from "@codex/runtime";
import { InMemoryTransport, type TransportMessage } from "./in-memory-transport.js";

/** A JSON-RPC error a scripted handler replies with. */
export interface ScriptedRpcError {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** One client request that reached the scripted server. Answer it once, or never. */
export interface ScriptedRequest {
  readonly id: string | number;
  readonly method: string;
  readonly params: unknown;
  respond(result: unknown): void;
  fail(error: ScriptedRpcError): void;
}

/** Answers a request: return the result, or `undefined` to leave it for `nextRequest()` (held). */
export type ScriptedRequestHandler = (params: unknown, request: ScriptedRequest) => unknown;

interface Waiter {
  readonly method: string;
  readonly resolve: (request: ScriptedRequest) => void;
}

/**
 * An app-server scripted from the test, in process. `transport` is the client's end (pass it as
 * `new Codex({ transport })` or to `connect()`); everything the client sends is in `received`.
 * Requests without a handler wait for the test: `await server.nextRequest("turn/start")`.
 */
export class InMemoryAppServer {
  /** The client's end of the link. */
  readonly transport: InMemoryTransport;
  /** Every message the client sent, in order. */
  readonly received: TransportMessage[] = [];
  readonly #end: InMemoryTransport;
  readonly #handlers = new Map<string, ScriptedRequestHandler>();
  readonly #unclaimed: ScriptedRequest[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #answers = new Map<string | number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  #nextServerRequestId = 0;

  constructor() {
    const [client, server] = InMemoryTransport.createLinkedPair();
    this.transport = client;
    this.#end = server;
    server.onMessage = (message) => this.#receive(message);
    this.handle("initialize", () => ({
      userAgent: `codex_in_memory/${CODEX_VERSION} (in-memory test server)`,
      codexHome: "/tmp/codex-in-memory",
      platformFamily: "unix",
      platformOs: "linux",
    }));
    void server.start();
  }

  /** Answers every request of `method` with the handler's return value (or holds it on `undefined`). */
  handle(method: string, handler: ScriptedRequestHandler): this {
    this.#handlers.set(method, handler);
    return this;
  }

  /** The next request of `method` that no handler answered (one that already arrived, or the next to come). */
  nextRequest(method: string): Promise<ScriptedRequest> {
    const index = this.#unclaimed.findIndex((request) => request.method === method);
    if (index !== -1) return Promise.resolve(this.#unclaimed.splice(index, 1)[0] as ScriptedRequest);
    return new Promise((resolve) => this.#waiters.push({ method, resolve }));
  }

  /** Client messages of one method received so far. */
  sent(method: string): TransportMessage[] {
    return this.received.filter((message) => (message as { method?: string }).method === method);
  }

  /** Sends a notification to the client. */
  notify(method: string, params: unknown): void {
    void this.#end.send({ method, params } as unknown as TransportMessage).catch(() => {});
  }

  /** Sends a server request (ids from 0, as codex does); resolves with the client's result. */
  request(method: string, params: unknown): Promise<unknown> {
    const id = this.#nextServerRequestId++;
    return new Promise((resolve, reject) => {
      this.#answers.set(id, { resolve, reject });
      this.#end.send({ id, method, params } as unknown as TransportMessage).catch(reject);
    });
  }

  /** The server goes away (as if the process exited): both ends close. */
  close(): Promise<void> {
    return this.#end.close();
  }

  #receive(message: TransportMessage): void {
    this.received.push(message);
    const m = message as {
      id?: string | number;
      method?: string;
      params?: unknown;
      result?: unknown;
      error?: unknown;
    };
    if (m.method === undefined) {
      // The client's answer to one of our server requests.
      const answer = m.id === undefined ? undefined : this.#answers.get(m.id);
      if (!answer || m.id === undefined) return;
      this.#answers.delete(m.id);
      if (m.error !== undefined) answer.reject(m.error);
      else answer.resolve(m.result);
      return;
    }
    if (m.id === undefined) return; // a client notification (`initialized`)
    const request = this.#request(m.id, m.method, m.params);
    const handler = this.#handlers.get(m.method);
    if (handler) {
      const result = handler(m.params, request);
      if (result !== undefined) {
        request.respond(result);
        return;
      }
    }
    const waiter = this.#waiters.findIndex((w) => w.method === request.method);
    if (waiter !== -1) this.#waiters.splice(waiter, 1)[0]?.resolve(request);
    else this.#unclaimed.push(request);
  }

  #request(id: string | number, method: string, params: unknown): ScriptedRequest {
    let answered = false;
    const reply = (body: { result: unknown } | { error: ScriptedRpcError }): void => {
      if (answered) throw new Error(`request ${method} #${id} was already answered`);
      answered = true;
      void this.#end.send({ id, ...body } as unknown as TransportMessage).catch(() => {});
    };
    return {
      id,
      method,
      params,
      respond: (result) => reply({ result }),
      fail: (error) => reply({ error }),
    };
  }
}
