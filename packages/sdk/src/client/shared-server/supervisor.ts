import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import { chmod, readFile, rename, rm, stat, unlink } from "node:fs/promises";
import type { SpawnTransport } from "@codex/app-server-protocol";
import { createAuthProxy } from "./auth-proxy.js";
import { startCodexChild, versionOfBinary, waitForSocket } from "./codex-child.js";
import { acquireLock, releaseLock } from "./lock.js";
import { type SharedServerPaths, sharedServerPaths } from "./paths.js";
import {
  isAlive,
  privateDir,
  readStatusFile,
  type SharedServerStatusFile,
  writePrivateFile,
} from "./state-files.js";
import { API_KEY_VARIABLE, EXIT_LOCK_HELD, type SupervisorSpec } from "./supervisor-spec.js";
import { TurnWatch } from "./turn-watch.js";

/**
 * The body of `codex-sdk server run`: one per state directory (the lock), it runs codex on an internal
 * socket and serves the public one through the token proxy, rewrites server.json as clients come and go,
 * and exits (stopping codex, removing its files) when idle, on SIGTERM/SIGINT, or when codex exits.
 * Resolves with the exit code.
 */
export async function runSupervisor(stateDir: string, specFile: string): Promise<number> {
  // The spec may hold env secrets: read it, then delete it at once, winner or not.
  const spec = JSON.parse(await readFile(specFile, "utf8")) as SupervisorSpec;
  await unlink(specFile).catch(() => undefined);
  const apiKey = process.env[API_KEY_VARIABLE];
  delete process.env[API_KEY_VARIABLE];
  const paths = sharedServerPaths({ codexHome: spec.codexHome, stateDir });
  await privateDir(paths.stateDir);
  await rotateLog(paths.log);
  const log = (line: string): void => {
    try {
      appendFileSync(paths.log, `${new Date().toISOString()} [${process.pid}] ${line}\n`, { mode: 0o600 });
    } catch {
      // Logging must never take the server down.
    }
  };
  const lock = await acquireLock(paths.lock);
  if (!lock.acquired) {
    log(`another supervisor (pid ${lock.holder}) holds the lock; exiting`);
    return EXIT_LOCK_HELD;
  }
  return new Supervisor(spec, paths, apiKey, log).run();
}

/** Keeps the log bounded across restarts: past 1 MiB, the old log becomes `supervisor.log.1`. */
async function rotateLog(path: string): Promise<void> {
  const size = await stat(path).then(
    (info) => info.size,
    () => 0,
  );
  if (size > 1024 * 1024) await rename(path, `${path}.1`).catch(() => undefined);
}

class Supervisor {
  private clients = 0;
  private idleSince = Date.now();
  private busy = false;
  private stopping: Promise<number> | undefined;
  private readonly watch: TurnWatch;
  private statusWrite: Promise<void> = Promise.resolve();
  private readonly startedAt = new Date().toISOString();
  private codexVersion: string | undefined;
  private proxy: ReturnType<typeof createAuthProxy> | undefined;
  private exited = (_code: number): void => {};

  constructor(
    private readonly spec: SupervisorSpec,
    private readonly paths: SharedServerPaths,
    private readonly apiKey: string | undefined,
    private readonly log: (line: string) => void,
  ) {
    this.watch = new TurnWatch(paths.internalSocket);
  }

  async run(): Promise<number> {
    const { paths, log } = this;
    const done = new Promise<number>((resolve) => {
      this.exited = resolve;
    });
    log(`supervisor starting for ${paths.codexHome} (idle timeout ${this.spec.idleTimeoutMs} ms)`);
    // We hold the lock, so a socket or state left here is a dead supervisor's (kill -9); its codex, in
    // its own process group, may still run: stop it too.
    await this.stopOrphan();
    await this.removeFiles();
    await privateDir(paths.internalDir);
    const token = randomBytes(32).toString("hex");
    await writePrivateFile(paths.token, token);

    const codex = startCodexChild(this.spec, paths.internalSocket, this.apiKey, (line) =>
      log(`codex: ${line}`),
    );
    let codexGone = false;
    codex.onClose = (error) => {
      codexGone = true;
      if (!this.stopping) {
        log(`codex exited on its own: ${error.message}`);
        void this.stop(1, codex);
      }
    };
    process.once("SIGTERM", () => void this.stop(0, codex, "SIGTERM"));
    process.once("SIGINT", () => void this.stop(0, codex, "SIGINT"));
    try {
      await codex.start();
      const version = codex.binary ? versionOfBinary(codex.binary.path) : Promise.resolve(undefined);
      await waitForSocket(paths.internalSocket, 30_000, () => codexGone);
      this.codexVersion = await version;
    } catch (error) {
      log(`could not start codex: ${error instanceof Error ? error.message : String(error)}`);
      return this.stop(1, codex);
    }

    const proxy = createAuthProxy({
      upstream: paths.internalSocket,
      token,
      log,
      onClients: (count) => {
        this.clients = count;
        if (count === 0) this.idleSince = Date.now();
        this.writeStatus(codex.pid ?? 0);
      },
    });
    this.proxy = proxy;
    // Created 0600 from the start (umask), so no other user can connect in between.
    const umask = process.umask(0o177);
    try {
      await new Promise<void>((resolve, reject) => {
        proxy.server.once("error", reject);
        proxy.server.listen(paths.socket, () => resolve());
      });
    } catch (error) {
      log(`could not listen on ${paths.socket}: ${error instanceof Error ? error.message : String(error)}`);
      return this.stop(1, codex);
    } finally {
      process.umask(umask);
    }
    await chmod(paths.socket, 0o600);
    this.writeStatus(codex.pid ?? 0);
    await this.statusWrite;
    log(`ready: codex pid ${codex.pid}, version ${this.codexVersion ?? "unknown"}, socket ${paths.socket}`);
    this.watchIdle(codex);
    return done;
  }

  /** Stops after idleTimeoutMs with no client and no active thread (a running turn or a held approval). */
  private watchIdle(codex: SpawnTransport): void {
    const timeout = this.spec.idleTimeoutMs;
    const every = Math.min(5000, Math.max(200, Math.floor(timeout / 4)));
    let checking = false;
    const timer = setInterval(async () => {
      if (checking || this.stopping || this.clients > 0) return;
      if (!this.busy && Date.now() - this.idleSince < timeout) return;
      checking = true;
      try {
        const active = await this.watch.activeThreads();
        if (this.clients > 0) return;
        if (active.length > 0) {
          if (!this.busy) this.log(`idle, but ${active.length} thread(s) active: staying up`);
          this.busy = true;
        } else if (this.busy) {
          // The last turn just ended: the idle time counts from now.
          this.busy = false;
          this.idleSince = Date.now();
        } else {
          clearInterval(timer);
          void this.stop(0, codex, `idle for ${timeout} ms`);
        }
      } catch (error) {
        // Unknown is not idle: ask again next time (if codex died, its exit stops us anyway).
        this.log(`turn check failed: ${error instanceof Error ? error.message : String(error)}`);
        this.busy = true;
        await this.watch.close();
      } finally {
        checking = false;
      }
    }, every);
  }

  private writeStatus(codexPid: number): void {
    if (this.stopping) return;
    const status: SharedServerStatusFile = {
      supervisorPid: process.pid,
      codexPid,
      codexVersion: this.codexVersion,
      socketPath: this.paths.socket,
      codexHome: this.paths.codexHome,
      startedAt: this.startedAt,
      idleTimeoutMs: this.spec.idleTimeoutMs,
      clients: this.clients,
      updatedAt: new Date().toISOString(),
    };
    // Serialized, so an older count never overwrites a newer one.
    this.statusWrite = this.statusWrite
      .then(() =>
        this.stopping
          ? undefined
          : writePrivateFile(this.paths.status, `${JSON.stringify(status, null, 2)}\n`),
      )
      .catch((error: unknown) => this.log(`could not write status: ${String(error)}`));
  }

  /** Stops accepting, drops clients, stops codex (SIGTERM, then the transport's SIGKILL bound), cleans up. */
  private stop(code: number, codex: SpawnTransport, why?: string): Promise<number> {
    this.stopping ??= (async () => {
      if (why) this.log(`stopping: ${why}`);
      await this.statusWrite;
      // server.json goes first: a launcher that reads it from now on starts a new supervisor.
      await rm(this.paths.status, { force: true });
      this.proxy?.server.close();
      this.proxy?.dropAll();
      await this.watch.close();
      const pid = codex.pid;
      if (pid !== undefined) {
        try {
          process.kill(-pid, "SIGTERM");
        } catch {
          // Already gone.
        }
      }
      await codex.close().catch(() => undefined);
      await this.removeFiles();
      await releaseLock(this.paths.lock);
      this.log(`stopped (exit ${code})`);
      this.exited(code);
      return code;
    })();
    return this.stopping;
  }

  private async stopOrphan(): Promise<void> {
    const old = await readStatusFile(this.paths);
    if (!old || old.supervisorPid === process.pid || !isAlive(old.codexPid)) return;
    this.log(`stopping codex pid ${old.codexPid} left by dead supervisor ${old.supervisorPid}`);
    try {
      process.kill(-old.codexPid, "SIGTERM");
    } catch {
      // Gone meanwhile.
    }
  }

  private async removeFiles(): Promise<void> {
    const { paths } = this;
    await Promise.all(
      [paths.socket, paths.token, paths.status, paths.internalDir].map((path) =>
        rm(path, { recursive: true, force: true }),
      ),
    );
  }
}
