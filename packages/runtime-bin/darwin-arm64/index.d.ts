// Written by `pnpm runtime:sync` from packages/runtime/src/platforms.ts. DO NOT EDIT.
/** The codex CLI version this package pins. */
export declare const codexVersion: "0.171.0";
/** The Rust target triple of the binary. */
export declare const targetTriple: "aarch64-apple-darwin";
/** The official package (installed under this alias) that carries the binary. */
export declare const binaryPackage: "@openai/codex-darwin-arm64";
/** Absolute path of the codex binary, or undefined when the optional binary package is not installed. */
export declare const binaryPath: string | undefined;
