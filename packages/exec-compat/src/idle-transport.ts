// The app-server child must not keep Node running between turns: a script written for
// @openai/codex-sdk ends when its last turn is done (each `codex exec` exits), so this one must too.
// While no turn runs, the child and its pipes are unref'd; when the script ends, the child sees stdin
// close and exits on its own.
import type { ChildProcess } from "node:child_process";
import { type SpawnOptions, SpawnTransport } from "@codex/app-server-protocol";

interface Refable {
  ref?(): void;
  unref?(): void;
}

export class IdleUnrefTransport extends SpawnTransport {
  #holds = 0;

  constructor(options: SpawnOptions) {
    super(options);
  }

  override async start(): Promise<void> {
    await super.start();
    this.#apply();
  }

  /** Keeps Node alive until the returned function is called (a turn or a thread start is running). */
  hold(): () => void {
    this.#holds += 1;
    this.#apply();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds -= 1;
      this.#apply();
    };
  }

  #apply(): void {
    // SpawnTransport keeps its child private; it is read here only to ref/unref its handles.
    const child = (this as unknown as { child?: ChildProcess }).child;
    if (!child) return;
    // The pipes are net.Sockets at run time, which have ref()/unref(); their declared types do not say so.
    const handles = [child, child.stdin, child.stdout, child.stderr] as unknown as (Refable | null)[];
    for (const handle of handles) {
      if (!handle) continue;
      if (this.#holds > 0) handle.ref?.();
      else handle.unref?.();
    }
  }
}
