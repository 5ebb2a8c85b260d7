import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import type { CodexTestEnv } from "@codex/app-server-testing";
import WebSocket from "ws";

/** One JSON-RPC message as it came off the wire, with the time it arrived. */
export interface WireMessage {
  readonly at: number;
  readonly id?: number | string;
  readonly method?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: unknown;
  readonly error?: { code: number; message: string };
}

/** A `codex app-server --listen …` child and its stderr. */
export interface ListeningServer {
  readonly child: ChildProcess;
  stderr(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves once it exited. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns something other than undefined. */
export async function until<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export function startListening(env: CodexTestEnv, args: readonly string[]): ListeningServer {
  const child = spawn(env.codexPath, ["app-server", ...args], {
    env: env.env,
    cwd: env.workspace,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let text = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  return {
    child,
    stderr: () => text,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

export async function waitForSocketFile(path: string, timeoutMs = 20_000): Promise<void> {
  await until(() => (existsSync(path) ? true : undefined), timeoutMs, `socket file ${path}`);
}

/**
 * A raw JSON-RPC client over one WebSocket (TCP or Unix socket): no SDK logic, every inbound message kept
 * in order, server requests left unanswered unless the test answers them.
 */
export class RawClient {
  readonly messages: WireMessage[] = [];
  readonly #socket: WebSocket;
  #nextId = 1;
  #closed = false;
  readonly closedAt: Promise<number>;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as Omit<WireMessage, "at">;
      this.messages.push({ ...message, at: Date.now() });
    });
    this.closedAt = new Promise((resolve) => {
      socket.once("close", () => {
        this.#closed = true;
        resolve(Date.now());
      });
    });
  }

  /** Opens the socket (rejects with the upgrade error, e.g. "Unexpected server response: 401"). */
  static open(address: { url: string; token?: string } | { unixPath: string }): Promise<RawClient> {
    const url = "unixPath" in address ? `ws+unix://${address.unixPath}:/` : address.url;
    const headers: Record<string, string> = {};
    if ("token" in address && address.token !== undefined) headers.Authorization = `Bearer ${address.token}`;
    const socket = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  /** Opens the socket and completes initialize + initialized. */
  static async connect(
    address: { url: string; token?: string } | { unixPath: string },
    name: string,
  ): Promise<{ client: RawClient; initialize: { userAgent: string; codexHome: string } }> {
    const client = await RawClient.open(address);
    const initialize = await client.request<{ userAgent: string; codexHome: string }>("initialize", {
      clientInfo: { name, version: "0.0.1" },
    });
    client.notify("initialized");
    return { client, initialize };
  }

  get closed(): boolean {
    return this.#closed;
  }

  send(message: Record<string, unknown>): void {
    this.#socket.send(JSON.stringify(message));
  }

  notify(method: string, params?: Record<string, unknown>): void {
    this.send(params === undefined ? { method } : { method, params });
  }

  /** Sends a request and resolves with its result (rejects with the JSON-RPC error message). */
  async request<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown>,
    timeoutMs = 30_000,
  ): Promise<T> {
    return (await this.requestAt<T>(method, params, timeoutMs)).result;
  }

  /** Like request, plus the index of the reply in `messages` (to tell what came before and after it). */
  async requestAt<T = Record<string, unknown>>(
    method: string,
    params: Record<string, unknown>,
    timeoutMs = 30_000,
  ): Promise<{ result: T; index: number }> {
    const id = this.#nextId++;
    this.send({ id, method, params });
    const reply = await this.waitFor(
      (m) => m.id === id && m.method === undefined,
      timeoutMs,
      `reply to ${method} (#${id})`,
    );
    if (reply.error !== undefined) throw new Error(`${method}: ${reply.error.code} ${reply.error.message}`);
    return { result: reply.result as T, index: this.messages.indexOf(reply) };
  }

  /** Answers a server request. */
  respond(id: number | string, result: unknown): void {
    this.send({ id, result });
  }

  /** The first message (from index `from`) that matches. */
  waitFor(
    match: (m: WireMessage) => boolean,
    timeoutMs: number,
    what: string,
    from = 0,
  ): Promise<WireMessage> {
    return until(
      () => this.messages.slice(from).find(match),
      timeoutMs,
      `${what} (client saw ${this.summary()})`,
    );
  }

  notifications(method: string): WireMessage[] {
    return this.messages.filter((m) => m.method === method && m.id === undefined);
  }

  serverRequests(): WireMessage[] {
    return this.messages.filter((m) => m.method !== undefined && m.id !== undefined);
  }

  summary(): string {
    const counts = new Map<string, number>();
    for (const m of this.messages) {
      const key = m.method ?? (m.id !== undefined ? "response" : "?");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts].map(([k, v]) => `${k}×${v}`).join(", ") || "nothing";
  }

  /** Graceful close (WebSocket close frame). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#socket.close();
    await Promise.race([this.closedAt, sleep(2_000)]);
    if (!this.#closed) this.#socket.terminate();
  }

  /** Abrupt drop: destroys the TCP/Unix socket with no close frame (what a killed process looks like). */
  async drop(): Promise<void> {
    this.#socket.terminate();
    await this.closedAt;
  }
}

/** Text of every `item/agentMessage/delta` a client saw for a turn, in order. */
export function deltaTexts(client: RawClient, turnId: string): string[] {
  return client
    .notifications("item/agentMessage/delta")
    .filter((m) => m.params?.turnId === turnId)
    .map((m) => String(m.params?.delta));
}
