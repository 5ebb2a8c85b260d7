/** A command a transport can spawn: `spawn(command, args, { env, cwd })`. */
export interface SpawnCommand {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
}
