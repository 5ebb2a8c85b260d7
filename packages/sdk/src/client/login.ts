import { LoginFailedError } from "../errors.js";
import type { LoginAccountResponse } from "../protocol-types.js";

/** A ChatGPT login in progress. Show `authUrl` (browser flow) or `verificationUrl` + `userCode` (device code). */
export interface LoginHandle {
  readonly loginId: string;
  readonly flow: "browser" | "deviceCode";
  /** Browser flow: the URL to open. */
  readonly authUrl: string | undefined;
  /** Device-code flow: where the user enters `userCode`. */
  readonly verificationUrl: string | undefined;
  readonly userCode: string | undefined;
  /** Resolves when the login succeeds; rejects with LoginFailedError (failed or cancelled). */
  wait(): Promise<void>;
  /** Cancels the login on the server; `wait()` then rejects. */
  cancel(): Promise<void>;
}

export interface LoginCompletion {
  readonly loginId: string | null;
  readonly success: boolean;
  readonly error: string | null;
}

/**
 * Waits for `account/login/completed` of one login. Subscribe before starting the login, so a fast
 * completion is not missed; `bind` attaches the login id once known.
 */
export class LoginWaiter {
  #loginId: string | undefined;
  #early: LoginCompletion[] = [];
  #settled = false;
  readonly #promise: Promise<void>;
  #resolve!: () => void;
  #reject!: (error: unknown) => void;

  constructor(private readonly unsubscribe: () => void) {
    this.#promise = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.#promise.catch(() => {});
  }

  get promise(): Promise<void> {
    return this.#promise;
  }

  bind(loginId: string): void {
    this.#loginId = loginId;
    for (const completion of this.#early.splice(0)) this.completed(completion);
  }

  completed(completion: LoginCompletion): void {
    if (this.#settled) return;
    if (this.#loginId === undefined) {
      this.#early.push(completion);
      return;
    }
    if (completion.loginId !== null && completion.loginId !== this.#loginId) return;
    this.#settle(
      completion.success
        ? undefined
        : new LoginFailedError(`Login failed: ${completion.error ?? "no reason given"}`, completion.loginId),
    );
  }

  fail(error: unknown): void {
    this.#settle(error);
  }

  #settle(error?: unknown): void {
    if (this.#settled) return;
    this.#settled = true;
    this.unsubscribe();
    if (error === undefined) this.#resolve();
    else this.#reject(error);
  }
}

/** What a ChatGPT login needs from the client. */
export interface LoginDeps {
  /** Resolves when the connection closes (the login can no longer complete). */
  readonly closed: Promise<unknown>;
  /** Subscribes to `account/login/completed`; returns the unsubscribe. */
  onCompleted(handler: (completion: LoginCompletion) => void): () => void;
  start(type: "chatgpt" | "chatgptDeviceCode"): Promise<LoginAccountResponse>;
  cancel(loginId: string): Promise<void>;
}

/** Starts a ChatGPT login (browser or device-code flow) and returns its handle. */
export async function startChatGptLogin(
  flow: "browser" | "deviceCode",
  deps: LoginDeps,
): Promise<LoginHandle> {
  // Listen before starting, so a completion that races the reply is not missed.
  const unsubscribe = deps.onCompleted((completion) => waiter.completed(completion));
  const waiter = new LoginWaiter(unsubscribe);
  void deps.closed.then((error) => waiter.fail(error));
  let response: LoginAccountResponse;
  try {
    response = await deps.start(flow === "browser" ? "chatgpt" : "chatgptDeviceCode");
  } catch (error) {
    waiter.fail(error);
    throw error;
  }
  const loginId = "loginId" in response ? response.loginId : "";
  waiter.bind(loginId);
  return {
    loginId,
    flow,
    authUrl: "authUrl" in response ? response.authUrl : undefined,
    verificationUrl: "verificationUrl" in response ? response.verificationUrl : undefined,
    userCode: "userCode" in response ? response.userCode : undefined,
    wait: () => waiter.promise,
    cancel: async () => {
      await deps.cancel(loginId);
      waiter.completed({ loginId, success: false, error: "cancelled" });
    },
  };
}
