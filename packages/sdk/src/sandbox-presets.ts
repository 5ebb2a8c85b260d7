import { InvalidOptionError } from "./approvals/invalid-option-error.js";
import type { SandboxMode, SandboxPolicy } from "./protocol-types.js";

/** Options of `sandboxPresets.workspaceWrite()`. */
export interface WorkspaceWriteSandboxOptions {
  /** More writable directories besides the turn's cwd (absolute paths). */
  readonly writableRoots?: readonly string[];
  /** Let sandboxed commands reach the network. Default false. */
  readonly networkAccess?: boolean;
  /** Keep `/tmp` read-only. Default false. */
  readonly excludeSlashTmp?: boolean;
  /** Keep `$TMPDIR` read-only. Default false. */
  readonly excludeTmpdirEnvVar?: boolean;
}

/**
 * Ready-made `sandboxPolicy` values for a turn (the Python SDK's `Sandbox.read_only` / `workspace` /
 * `full_access`). `TurnOptions.sandbox` takes the mode name as a shorthand for the default preset.
 */
export const sandboxPresets = Object.freeze({
  /** Reads anywhere, writes nowhere; no network unless asked. */
  readOnly(options: { readonly networkAccess?: boolean } = {}): SandboxPolicy {
    return {
      type: "readOnly",
      ...(options.networkAccess !== undefined && { networkAccess: options.networkAccess }),
    };
  },
  /** Writes inside the cwd (and `writableRoots`); no network unless asked. */
  workspaceWrite(options: WorkspaceWriteSandboxOptions = {}): SandboxPolicy {
    return {
      type: "workspaceWrite",
      ...(options.writableRoots !== undefined && { writableRoots: [...options.writableRoots] }),
      ...(options.networkAccess !== undefined && { networkAccess: options.networkAccess }),
      ...(options.excludeSlashTmp !== undefined && { excludeSlashTmp: options.excludeSlashTmp }),
      ...(options.excludeTmpdirEnvVar !== undefined && { excludeTmpdirEnvVar: options.excludeTmpdirEnvVar }),
    };
  },
  /** No sandbox at all. */
  fullAccess(): SandboxPolicy {
    return { type: "dangerFullAccess" };
  },
});

/** The turn's `sandboxPolicy` for a `sandbox` shorthand (a mode name, or a policy as it is). */
export function sandboxPolicyFor(sandbox: SandboxMode | SandboxPolicy): SandboxPolicy {
  if (typeof sandbox === "object" && sandbox !== null) return sandbox;
  switch (sandbox) {
    case "read-only":
      return sandboxPresets.readOnly();
    case "workspace-write":
      return sandboxPresets.workspaceWrite();
    case "danger-full-access":
      return sandboxPresets.fullAccess();
    default:
      throw new InvalidOptionError(
        `Unknown sandbox ${JSON.stringify(sandbox)}; expected "read-only", "workspace-write", "danger-full-access" or a sandboxPolicy object.`,
      );
  }
}
