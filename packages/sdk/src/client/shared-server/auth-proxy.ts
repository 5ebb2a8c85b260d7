import { timingSafeEqual } from "node:crypto";
import { connect, createServer, type Server, type Socket } from "node:net";

/** The most an upgrade request head may take before the connection is refused. */
const MAX_HEAD_BYTES = 16 * 1024;

export interface AuthProxyOptions {
  /** codex's own socket: each authorized client gets a new connection to it. */
  readonly upstream: string;
  readonly token: string;
  /** Called with the number of open client connections after each change. */
  readonly onClients: (count: number) => void;
  readonly log: (line: string) => void;
}

/**
 * A socket server in front of codex: it reads each client's HTTP upgrade head, requires
 * `Authorization: Bearer <token>` (401 otherwise), then forwards the head (minus that header) to a new
 * connection on codex's socket and pipes both ways. The WebSocket itself is codex's; bytes pass untouched.
 */
export function createAuthProxy(options: AuthProxyOptions): { server: Server; dropAll(): void } {
  let clients = 0;
  const open = new Set<Socket>();
  const expected = Buffer.from(`Bearer ${options.token}`);
  const server = createServer((client) => {
    open.add(client);
    client.once("close", () => open.delete(client));
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) refuse(client, "431 Request Header Fields Too Large");
        return;
      }
      client.off("data", onData);
      client.pause();
      const lines = head.subarray(0, end).toString("latin1").split("\r\n");
      const auth = lines.find((line) => /^authorization:/i.test(line));
      const given = Buffer.from(auth ? auth.slice(auth.indexOf(":") + 1).trim() : "");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        options.log("refused a client: missing or wrong token");
        refuse(client, "401 Unauthorized");
        return;
      }
      const forwarded = Buffer.concat([
        Buffer.from(`${lines.filter((line) => line !== auth).join("\r\n")}\r\n\r\n`, "latin1"),
        head.subarray(end + 4),
      ]);
      pipe(client, forwarded);
    };
    client.on("data", onData);
    client.on("error", () => client.destroy());
  });

  const pipe = (client: Socket, forwarded: Buffer): void => {
    const upstream = connect(options.upstream);
    open.add(upstream);
    upstream.once("close", () => open.delete(upstream));
    clients++;
    options.onClients(clients);
    let counted = true;
    const done = (): void => {
      client.destroy();
      upstream.destroy();
      if (!counted) return;
      counted = false;
      clients--;
      options.onClients(clients);
    };
    upstream.once("connect", () => {
      upstream.write(forwarded);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on("error", (error) => {
      options.log(`codex socket: ${error.message}`);
      done();
    });
    upstream.on("close", done);
    client.on("close", done);
  };
  return {
    server,
    dropAll: () => {
      for (const socket of open) socket.destroy();
    },
  };
}

function refuse(client: Socket, status: string): void {
  client.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  setTimeout(() => client.destroy(), 1000).unref();
}
