import { type Tracer, type TracerProvider, trace } from "@opentelemetry/api";
import { subscribeRequestSpans } from "./request-spans.js";
import { ThreadModels } from "./thread-models.js";
import { TurnContexts } from "./turn-contexts.js";
import { subscribeTurnSpans } from "./turn-spans.js";

export interface CodexInstrumentationOptions {
  /** Where spans go. Default: the globally registered provider (a no-op until one is registered). */
  readonly tracerProvider?: TracerProvider;
  /** Trace each JSON-RPC request (default true). */
  readonly requests?: boolean;
  /** Trace turns, their items and approval decisions (default true). */
  readonly turns?: boolean;
}

const TRACER_NAME = "@codex/opentelemetry";
const TRACER_VERSION = "0.1.0";

/**
 * Opt-in tracing for `@codex/app-server-sdk`. It listens on the SDK's diagnostics channels, so the SDK
 * has no OpenTelemetry dependency and pays nothing while this is disabled (a channel without subscribers
 * is one property check). `enable()` subscribes, `disable()` unsubscribes; both are idempotent.
 */
export class CodexInstrumentation implements Disposable {
  readonly #options: CodexInstrumentationOptions;
  readonly #models = new ThreadModels();
  readonly #turns = new TurnContexts();
  #unsubscribe: (() => void)[] = [];

  constructor(options: CodexInstrumentationOptions = {}) {
    this.#options = options;
  }

  get enabled(): boolean {
    return this.#unsubscribe.length > 0;
  }

  enable(): this {
    if (this.enabled) return this;
    // Resolved per span, so a provider registered globally after enable() is picked up.
    const provider = this.#options.tracerProvider;
    const tracer = (): Tracer =>
      (provider ?? trace.getTracerProvider()).getTracer(TRACER_NAME, TRACER_VERSION);
    if (this.#options.requests !== false) {
      this.#unsubscribe.push(
        subscribeRequestSpans(tracer, (method, result) => this.#models.observe(method, result), this.#turns),
      );
    }
    if (this.#options.turns !== false)
      this.#unsubscribe.push(subscribeTurnSpans(tracer, this.#models, this.#turns));
    return this;
  }

  disable(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
  }

  [Symbol.dispose](): void {
    this.disable();
  }
}

/** Creates and enables the instrumentation: `const tracing = instrumentCodex();` ... `tracing.disable()`. */
export function instrumentCodex(options: CodexInstrumentationOptions = {}): CodexInstrumentation {
  return new CodexInstrumentation(options).enable();
}
