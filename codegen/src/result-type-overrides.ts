/**
 * Result types of client requests that the schema leaves out (a method with params but no response
 * definition). Each entry names the definition the real binary answers with, why, and the params with
 * which codegen/test/real/result-type-overrides.test.ts calls the method on the pinned binary to confirm
 * that the answer has exactly that shape. `pnpm codegen:probe <method> '<params>'` finds the shape for a
 * new method.
 */
export interface ResultTypeOverride {
  /** Definition name of the result in the schema bundle. */
  readonly result: string;
  /** Where the answer comes from (source file, observed reply). */
  readonly evidence: string;
  /** Params that make the pinned binary answer the request successfully in a mock CODEX_HOME. */
  readonly probeParams: Readonly<Record<string, unknown>>;
}

export const RESULT_TYPE_OVERRIDE_TABLE: Readonly<Record<string, ResultTypeOverride>> = {
  "config/mcpServer/reload": {
    result: "McpServerRefreshResponse",
    evidence: "the Rust variant is McpServerRefresh (app-server-protocol common.rs)",
    probeParams: {},
  },
  "modelProvider/default/set": {
    result: "ConfigWriteResponse",
    evidence:
      "codex 0.171.0 answers with {status, version, filePath, overriddenMetadata} (pnpm codegen:probe --codex 0.171.0)",
    probeParams: { providerId: "mock" },
  },
};
