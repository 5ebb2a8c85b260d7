// `pnpm deps:check` (part of `pnpm lint`): the import rules of docs/architecture.md, read by
// dependency-cruiser from the TypeScript sources, type-only imports included: a cycle or an upward import
// through types still ties two modules together.
//
// The SDK's layers, bottom to top (paths under packages/sdk/src):
//   options   types only, importing nothing at run time
//   core      client/ (session, calls, turn router, server-request dispatch), errors, routing keys
//   features  turn/, approvals/, goals/, review/, tools/, structured-output/, commands/, fs/, render-*
//   facades   the engine's CodexClient (client/codex.ts), Thread, llmJudgePolicy (it starts threads),
//             doctor/, cli/; on top, the entry: index, entry/ (the public Codex and the other facades that
//             load the engine on first use) and engine.ts (what they load)
const SDK = "^packages/sdk/src/";
const OPTIONS = `${SDK}(protocol-types|thread-options|client/(codex-options|warnings|shared-server/options)|approvals/(types|decision-event|approval-mode)|structured-output/(schema-types|standard-schema)|tools/tool-types|turn/(turn-event|run-result)|goals/goal-types|usage/(usage|budget)-types)\\.ts$`;
const CORE = `${SDK}(client/(?!codex\\.ts$|codex-options\\.ts$|warnings\\.ts$)|errors\\.ts$|turn/routing-keys\\.ts$)`;
const FACADES = `${SDK}(thread\\.ts$|index\\.ts$|engine\\.ts$|entry/|client/codex\\.ts$|approvals/llm-judge\\.ts$|doctor/|cli/)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      severity: "error",
      comment:
        "An import cycle inside a package's src, type-only imports included. An import() that loads the package's main entry on first use (the protocol's transport factories) is not one: nothing runs at load.",
      from: { path: "(^|/)src/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["dynamic-import"] } },
    },
    {
      name: "sdk-options-are-types-only",
      severity: "error",
      comment: "An options module imports types only, and only from other options modules.",
      from: { path: OPTIONS },
      to: { path: SDK, pathNot: OPTIONS },
    },
    {
      name: "sdk-options-import-nothing-at-run-time",
      severity: "error",
      comment: "An options module's imports are all `import type`.",
      from: { path: OPTIONS },
      to: { dependencyTypesNot: ["type-only"] },
    },
    {
      name: "sdk-core-imports-no-feature",
      severity: "error",
      comment:
        "The core (session, router, dispatcher) knows nothing of turns, threads, goals, reviews or tools.",
      from: { path: CORE },
      to: { path: SDK, pathNot: [CORE, OPTIONS] },
    },
    {
      name: "sdk-features-import-no-facade",
      severity: "error",
      comment: "A feature depends on the core and options, never on Codex, Thread or the index.",
      from: { path: SDK, pathNot: [OPTIONS, CORE, FACADES] },
      to: { path: FACADES },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|test|bench|node_modules)/" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["source", "import", "types", "default"],
      extensions: [".ts", ".js"],
    },
  },
};
