// The app-server child must not keep Node running between turns: a script written for
// @openai/codex-sdk ends when its last turn is done (each `codex exec` exits), so this one must too.
// While no turn runs, the transport is unref'd (the child and its pipes); when the script ends, the child
// sees stdin close and exits on its own. Only idle: an operation in flight holds it ref'd.
import { type SpawnOptions, SpawnTransport } from "@codex/app-server-protocol";

export class IdleUnrefTransport extends SpawnTransport {
  #holds = 0;

  constructor(options: SpawnOptions) {
    super(options);
    // Applied to the child once spawned; the start itself runs under a hold.
    this.unref();
  }

  /** Keeps Node alive until the returned function is called (a turn or a thread start is running). */
  hold(): () => void {
    this.#holds += 1;
    if (this.#holds === 1) this.ref();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds -= 1;
      if (this.#holds === 0) this.unref();
    };
  }
}
