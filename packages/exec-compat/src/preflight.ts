// The checks codex exec makes before it creates a session or calls the model, in its order, with the
// text it prints. Running them here keeps failures where users of the original expect them: no
// `thread.started`, no model request, a rejection whose message names the cause.
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { ExecCompatError, execExitMessage } from "./errors.js";

export interface PreflightInput {
  /** The absolute working directory of the turn. */
  readonly cwd: string;
  readonly prompt: string;
  readonly skipGitRepoCheck: boolean;
}

export function preflight({ cwd, prompt, skipGitRepoCheck }: PreflightInput): void {
  if (!isDirectory(cwd)) {
    throw new ExecCompatError(execExitMessage("Error: No such file or directory (os error 2)\n"));
  }
  if (prompt.trim() === "") {
    throw new ExecCompatError(
      execExitMessage("Reading prompt from stdin...\nNo prompt provided via stdin.\n"),
    );
  }
  if (!skipGitRepoCheck && !insideGitRepo(cwd)) {
    throw new ExecCompatError(
      execExitMessage(
        "Reading prompt from stdin...\nNot inside a trusted directory and --skip-git-repo-check was not specified.\n",
      ),
    );
  }
}

/** Codex's rule: some ancestor of the directory (itself included) has a `.git` entry (directory or worktree file). */
export function insideGitRepo(directory: string): boolean {
  let current = directory;
  for (;;) {
    if (existsSync(join(current, ".git"))) return true;
    const parent = dirname(current);
    if (parent === current) return false;
    current = parent;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
