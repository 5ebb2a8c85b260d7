/** Whatever renderTurn writes to; a TTY stream (process.stdout) also tells how many colors it shows. */
export interface ColorTarget {
  readonly isTTY?: boolean;
  getColorDepth?(): number;
}

/** The styles renderTurn uses. */
export type StyleName = "bold" | "dim" | "green" | "red" | "cyan";
export type Styles = Readonly<Record<StyleName, (text: string) => string>>;

/**
 * Whether to color, decided here rather than by `styleText` itself: Node 20 only learnt to check the
 * stream and the environment in later minors (and still skips the check for a list of formats). Order,
 * as Node's own: an explicit choice, then FORCE_COLOR (`0`/`false` off, anything else on), then NO_COLOR
 * and NODE_DISABLE_COLORS (off when set to anything but ""), then whether the sink is a color terminal.
 */
export function shouldColor(
  sink: ColorTarget,
  explicit: boolean | undefined,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (explicit !== undefined) return explicit;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env.NO_COLOR || env.NODE_DISABLE_COLORS) return false;
  if (sink.isTTY !== true) return false;
  return typeof sink.getColorDepth === "function" ? sink.getColorDepth() > 2 : true;
}

/** The styles, through `util.styleText` when coloring, plain text otherwise. */
export function stylesFor(color: boolean): Styles {
  // node:util on first use (synchronously), so that importing the SDK does not load its ESM facade.
  const { styleText } = process.getBuiltinModule("node:util");
  const style = (format: StyleName) =>
    color ? (text: string) => styleText(format, text, { validateStream: false }) : (text: string) => text;
  return {
    bold: style("bold"),
    dim: style("dim"),
    green: style("green"),
    red: style("red"),
    cyan: style("cyan"),
  };
}
