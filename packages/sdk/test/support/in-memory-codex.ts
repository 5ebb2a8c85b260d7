import { InMemoryAppServer, type ScriptedRequest } from "@codex/app-server-testing";
import {
  Codex,
  type CodexOptions,
  type CodexWarning,
  type Thread,
  type ThreadOptions,
  type TurnHandle,
} from "../../src/index.js";
import { FAKE_THREAD_ID, fakeThreadStart } from "./fake-thread.js";

/** A Codex client wired to a scripted in-process app-server; warnings are collected, not printed. */
export interface InMemoryCodex {
  readonly server: InMemoryAppServer;
  readonly codex: Codex;
  readonly warnings: CodexWarning[];
  /** Starts the fake thread (`thr_fake`). */
  thread(options?: ThreadOptions): Promise<Thread>;
}

export function inMemoryCodex(options: CodexOptions = {}): InMemoryCodex {
  const server = new InMemoryAppServer();
  server.handle("thread/start", () => fakeThreadStart);
  const warnings: CodexWarning[] = [];
  const codex = new Codex({
    transport: server.transport,
    onWarning: (warning) => warnings.push(warning),
    ...options,
  });
  return { server, codex, warnings, thread: (threadOptions) => codex.startThread(threadOptions) };
}

/** A wire turn as `turn/start` returns it. */
export function wireTurn(id: string, status = "inProgress", items: unknown[] = []) {
  return { id, status, items, error: null };
}

/** Answers the next `turn/start` with turn `id`. */
export async function answerTurnStart(server: InMemoryAppServer, id: string): Promise<ScriptedRequest> {
  const request = await server.nextRequest("turn/start");
  request.respond({ turn: wireTurn(id) });
  return request;
}

/** Two turns on `thread`: the first started and running as `t1`, the second queued behind it. */
export async function runningAndQueued(
  server: InMemoryAppServer,
  thread: Thread,
): Promise<{ running: TurnHandle; queued: TurnHandle }> {
  const running = thread.turn("running");
  const queued = thread.turn("queued");
  await answerTurnStart(server, "t1");
  await running.started();
  return { running, queued };
}

/** Sends `turn/completed` for turn `id` of the fake thread. */
export function completeTurn(
  server: InMemoryAppServer,
  id: string,
  status = "completed",
  items: unknown[] = [],
): void {
  server.notify("turn/completed", { threadId: FAKE_THREAD_ID, turn: wireTurn(id, status, items) });
}

/** An agent message item as `item/completed` carries it. */
export function agentMessage(id: string, text: string) {
  return { type: "agentMessage", id, text, phase: null };
}

/** Lets queued microtasks and immediates (in-memory deliveries) run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}
