import type { ThreadItem } from "./protocol-types.js";
import { type ColorTarget, type Styles, shouldColor, stylesFor } from "./render-colors.js";
import type { RunResult } from "./turn/run-result.js";
import type { TurnEvent } from "./turn/turn-event.js";
import type { TurnHandle } from "./turn/turn-handle.js";
import { commandOutputMapper } from "./turn/turn-streams.js";

/** Anything with `write(text)`: process.stdout, a file stream, a test buffer. */
export interface TextSink {
  write(text: string): unknown;
}

/** Options of `renderTurn`. */
export interface RenderOptions {
  /**
   * Colors (through `util.styleText`). Default: when the sink is a color terminal, unless NO_COLOR or
   * NODE_DISABLE_COLORS is set; FORCE_COLOR turns them on (or off with `0`) whatever the sink.
   */
  readonly color?: boolean;
  /** Show command output as it streams (or whole, at completion, when codex sent no deltas). Default true. */
  readonly commandOutput?: boolean;
  /** Show reasoning summaries. Default true. */
  readonly reasoning?: boolean;
}

/**
 * Prints a turn as a readable transcript, in the spirit of `codex exec`: the agent's text as it
 * streams, commands with their output and exit code, file changes, approvals, plan updates and usage.
 * Resolves with the turn's result (and rejects as `turn.result()` does).
 */
export async function renderTurn<T>(
  turn: TurnHandle<T>,
  out: TextSink,
  options: RenderOptions = {},
): Promise<RunResult<T>> {
  const { dim, bold, green, red, cyan } = stylesFor(shouldColor(out as ColorTarget, options.color));
  const renderer = new LineTracker(out);
  const commandOutput = commandOutputMapper();

  const onEvent = (event: TurnEvent): void => {
    // Before the switch: a command's whole output (no deltas) goes above its exit line.
    const chunk = commandOutput(event);
    if (chunk && options.commandOutput !== false) {
      renderer.block(indent(dim(chunk.delta.replace(/\n$/, ""))));
    }
    switch (event.method) {
      case "item/agentMessage/delta":
        renderer.inline(event.params.delta);
        break;
      case "item/started":
        renderer.block(startedLine(event.params.item, { bold, cyan }));
        break;
      case "item/completed":
        renderer.block(completedLine(event.params.item, renderer, { dim, green, red }));
        break;
      case "item/reasoning/summaryTextDelta":
        if (options.reasoning !== false) renderer.inline(dim(event.params.delta));
        break;
      case "turn/plan/updated":
        renderer.block(
          `${bold("plan")}\n${event.params.plan.map((step) => indent(`[${step.status === "completed" ? "x" : " "}] ${step.step}`)).join("\n")}`,
        );
        break;
      case "sdk/serverRequestDecision": {
        const decision = describeDecision(event.params.result);
        renderer.block(dim(`  ↳ ${event.params.method}: ${decision} (${event.params.source})`));
        break;
      }
      case "error":
        renderer.block(
          red(`error: ${event.params.error.message}${event.params.willRetry ? " (retrying)" : ""}`),
        );
        break;
      default:
        break;
    }
  };

  try {
    for await (const event of turn) onEvent(event);
  } catch {
    // The result carries the error; fall through to report it.
  }
  try {
    const result = await turn.result();
    const usage = result.usage
      ? dim(` · ${result.usage.inputTokens} in / ${result.usage.outputTokens} out tokens`)
      : "";
    renderer.block(`${result.status === "completed" ? green("✓") : red("■")} turn ${result.status}${usage}`);
    return result;
  } catch (error) {
    renderer.block(red(`✗ ${error instanceof Error ? error.message : String(error)}`));
    throw error;
  }
}

function startedLine(item: ThreadItem, { bold, cyan }: Pick<Styles, "bold" | "cyan">): string | undefined {
  switch (item.type) {
    case "commandExecution":
      return `${bold("$")} ${cyan(item.command)}`;
    case "fileChange":
      return `${bold("patch")} ${item.changes.map((change) => `${change.kind.type} ${change.path}`).join(", ")}`;
    case "mcpToolCall":
      return `${bold("tool")} ${item.server}.${item.tool}`;
    case "webSearch":
      return `${bold("search")} ${item.query}`;
    default:
      return undefined;
  }
}

function completedLine(
  item: ThreadItem,
  tracker: LineTracker,
  { dim, green, red }: Pick<Styles, "dim" | "green" | "red">,
): string | undefined {
  switch (item.type) {
    case "agentMessage":
      // Text that came without deltas is printed whole.
      if (!tracker.streamedSinceBlock) return item.text;
      tracker.endInline();
      return undefined;
    case "commandExecution": {
      const ok = item.status === "completed" && item.exitCode === 0;
      const detail = item.status === "declined" ? "declined" : `exit ${item.exitCode ?? "?"}`;
      return (ok ? green : red)(
        `  ${ok ? "✓" : "✗"} ${detail}${item.durationMs != null ? dim(` · ${item.durationMs} ms`) : ""}`,
      );
    }
    case "fileChange":
      return (item.status === "completed" ? green : red)(`  ${item.status}`);
    default:
      return undefined;
  }
}

function describeDecision(result: unknown): string {
  if (typeof result !== "object" || result === null) return "error reply";
  const record = result as Record<string, unknown>;
  if ("decision" in record)
    return typeof record.decision === "string" ? record.decision : JSON.stringify(record.decision);
  if ("action" in record) return String(record.action);
  return JSON.stringify(result);
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

/** Keeps inline (streamed) text and whole lines from running into each other. */
class LineTracker {
  #midLine = false;
  streamedSinceBlock = false;

  constructor(private readonly out: TextSink) {}

  inline(text: string): void {
    this.out.write(text);
    this.#midLine = !text.endsWith("\n");
    this.streamedSinceBlock = true;
  }

  endInline(): void {
    if (this.#midLine) this.out.write("\n");
    this.#midLine = false;
    this.streamedSinceBlock = false;
  }

  block(text: string | undefined): void {
    if (text === undefined) return;
    this.endInline();
    this.out.write(`${text}\n`);
  }
}
