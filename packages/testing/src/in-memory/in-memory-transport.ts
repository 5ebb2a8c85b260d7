// Two linked transport ends that pass JSON-RPC messages in process (as the MCP TypeScript SDK's
// InMemoryTransport does): fast, deterministic protocol tests with no child process and no pipes.
import { CodexError, ConnectionClosedError, type Transport } from "@codex/app-server-protocol";

/** A message as the protocol's Transport carries it. */
export type TransportMessage = Parameters<Transport["send"]>[0];

/**
 * One end of a linked pair. Messages sent on one end arrive at the other's `onMessage`, in order and
 * asynchronously (never re-entering the sender). Closing either end closes both: each end's `onClose`
 * fires once, after every message sent before the close was delivered.
 */
export class InMemoryTransport implements Transport {
  onMessage?: Transport["onMessage"];
  onClose?: Transport["onClose"];
  onError?: Transport["onError"];
  onMalformedMessage?: Transport["onMalformedMessage"];
  onStderr?: Transport["onStderr"];

  #peer: InMemoryTransport | undefined;
  #started = false;
  /** Messages that arrived before `start()`: delivered by `start()`, as a pipe buffers them. */
  #early: TransportMessage[] | undefined = [];
  #closed: ConnectionClosedError | undefined;
  #closeNotified = false;
  readonly #label: string;

  private constructor(label: string) {
    this.#label = label;
  }

  /** A linked pair: hand `client` to the code under test and drive `server` from the test. */
  static createLinkedPair(): [client: InMemoryTransport, server: InMemoryTransport] {
    const client = new InMemoryTransport("client");
    const server = new InMemoryTransport("server");
    client.#peer = server;
    server.#peer = client;
    return [client, server];
  }

  /** True once either end closed. */
  get isClosed(): boolean {
    return this.#closed !== undefined;
  }

  async start(): Promise<void> {
    if (this.#closed) throw this.#closed;
    if (this.#started) return;
    this.#started = true;
    const early = this.#early ?? [];
    this.#early = undefined;
    for (const message of early) this.onMessage?.(message);
  }

  async send(message: TransportMessage): Promise<void> {
    if (this.#closed) throw this.#closed;
    if (!this.#started) throw new CodexError(`in-memory ${this.#label} transport not started`);
    // Each side gets its own copy, like a real pipe: nobody shares mutable objects across the link.
    const copy = structuredClone(message);
    const peer = this.#peer;
    if (peer) queueMicrotask(() => peer.#receive(copy));
  }

  /** Closes both ends. Resolves once both `onClose` callbacks ran. */
  async close(): Promise<void> {
    const reason = `the in-memory ${this.#label} end closed the link`;
    this.#shut(reason);
    if (this.#peer) this.#peer.#shut(reason);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  stderrTail(): string {
    return "";
  }

  #receive(message: TransportMessage): void {
    if (this.#closeNotified) return;
    if (this.#early) this.#early.push(message);
    else this.onMessage?.(message);
  }

  #shut(reason: string): void {
    if (this.#closed) return;
    this.#closed = new ConnectionClosedError({ reason, exitCode: null, signal: null, stderrTail: "" });
    const closed = this.#closed;
    // After the messages already in flight (queued microtasks), as the Transport contract requires.
    setImmediate(() => {
      this.#closeNotified = true;
      this.onClose?.(closed);
    });
  }
}
