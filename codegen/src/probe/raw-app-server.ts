// A few lines of raw JSON-RPC against a real codex in a scratch CODEX_HOME whose model provider is a local
// null server: for capturing real messages (codegen tests) and probing result shapes (pnpm codegen:probe).
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { resolveCodexBinary } from "@codex/runtime";

export interface RawMessage {
  readonly id?: number | string;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: unknown;
  readonly emittedAtMs?: number;
}

/** A captured exchange: what we sent and what came back (notifications in arrival order). */
export interface CapturedExchange {
  readonly method: string;
  readonly params: unknown;
  readonly result: unknown;
}

export interface CapturedSession {
  readonly requests: CapturedExchange[];
  readonly notifications: { method: string; params: unknown }[];
}

/** A local stand-in for the model provider: nothing here may reach the internet; every call gets a 404. */
function startNullProvider(): Promise<Server> {
  const server = createServer((_request, response) => {
    response.writeHead(404, { "content-type": "application/json" });
    response.end("{}");
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export class RawAppServer {
  private readonly pending = new Map<
    number,
    { resolve: (message: RawMessage) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  private stderr = "";
  readonly notifications: { method: string; params: unknown }[] = [];

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly home: string,
    private readonly provider: Server,
  ) {
    createInterface({ input: child.stdout }).on("line", (line) => {
      const message = JSON.parse(line) as RawMessage;
      if (message.id !== undefined && message.method === undefined) {
        this.pending.get(Number(message.id))?.resolve(message);
        this.pending.delete(Number(message.id));
      } else if (message.method !== undefined && message.id === undefined) {
        this.notifications.push({ method: message.method, params: message.params });
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString("utf8")).slice(-2000);
    });
    // A codex that dies must fail the test now, not leave it waiting for a reply.
    child.once("exit", (code, signal) => {
      for (const { reject } of this.pending.values()) {
        reject(new Error(`codex app-server exited (code ${code}, signal ${signal}): ${this.stderr}`));
      }
      this.pending.clear();
    });
  }

  /** Starts `codex app-server` (default: the pinned binary) in a fresh CODEX_HOME. */
  static async start(codexPath: string = resolveCodexBinary().path): Promise<RawAppServer> {
    const provider = await startNullProvider();
    const { port } = provider.address() as AddressInfo;
    const home = mkdtempSync(join(tmpdir(), "codegen-codex-home-"));
    writeFileSync(
      join(home, "config.toml"),
      [
        'model = "mock-model"',
        'model_provider = "mock"',
        'approval_policy = "never"',
        'sandbox_mode = "read-only"',
        "",
        "[model_providers.mock]",
        'name = "mock"',
        `base_url = "http://127.0.0.1:${port}/v1"`,
        'wire_api = "responses"',
        "request_max_retries = 0",
        "stream_max_retries = 0",
        "supports_websockets = false",
        "",
      ].join("\n"),
    );
    const child = spawn(codexPath, ["app-server"], {
      env: { PATH: process.env.PATH ?? "", HOME: home, CODEX_HOME: home },
      stdio: ["pipe", "pipe", "pipe"],
    });
    return new RawAppServer(child, home, provider);
  }

  request(method: string, params: unknown): Promise<RawMessage> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(`${JSON.stringify({ id, method, params })}\n`);
    });
  }

  /** initialize (with the experimental API, so every method is callable) and initialized. */
  async handshake(clientName = "codegen_probe"): Promise<RawMessage> {
    const reply = await this.request("initialize", {
      clientInfo: { name: clientName, title: clientName, version: "0.0.0" },
      capabilities: { experimentalApi: true },
    });
    if (reply.error !== undefined) throw new Error(`initialize failed: ${JSON.stringify(reply.error)}`);
    this.notify("initialized");
    return reply;
  }

  notify(method: string): void {
    this.child.stdin.write(`${JSON.stringify({ method })}\n`);
  }

  async close(): Promise<void> {
    const exited =
      this.child.exitCode === null && this.child.signalCode === null
        ? new Promise((resolve) => this.child.once("exit", resolve))
        : Promise.resolve();
    this.child.stdin.end();
    await exited;
    await new Promise((resolve) => this.provider.close(resolve));
    rmSync(this.home, { recursive: true, force: true });
  }
}
