/** Wire objects a scripted fake app-server answers with: the least a client needs to start a thread and a turn. */
import { CODEX_VERSION } from "../../src/index.js";

export const FAKE_THREAD_ID = "thr_fake";
export const FAKE_TURN_ID = "turn_fake";

export const fakeThread = {
  id: FAKE_THREAD_ID,
  preview: "",
  ephemeral: true,
  modelProvider: "mock",
  createdAt: 0,
  updatedAt: 0,
  status: { type: "idle" },
  path: null,
  cwd: "/tmp",
  cliVersion: CODEX_VERSION,
  source: "appServer",
  gitInfo: null,
  name: null,
  turns: [],
};

/** The `thread/start` result for `fakeThread`. */
export const fakeThreadStart = { thread: fakeThread, model: "mock", modelProvider: "mock", cwd: "/tmp" };

/** The turn as `turn/start` returns it and `turn/started` announces it. */
export const fakeTurn = { id: FAKE_TURN_ID, status: "inProgress", items: [], error: null };
