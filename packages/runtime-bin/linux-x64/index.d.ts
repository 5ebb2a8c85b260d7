// Written by `pnpm runtime:sync` from packages/runtime/src/platforms.ts. DO NOT EDIT.
/** The codex CLI version this package pins. */
export declare const codexVersion: "0.171.0";
/** The Rust target triple of the binary. */
export declare const targetTriple: "x86_64-unknown-linux-musl";
/** The official package (installed under this alias) that carries the binary. */
export declare const binaryPackage: "@openai/codex-linux-x64";
/** The binary found and its package version, whether or not it is the pinned one (for diagnostics). */
export declare const foundBinary: { readonly path: string; readonly version: string | undefined } | undefined;
/** Absolute path of the pinned codex binary, or undefined when it is not installed (or another version is). */
export declare const binaryPath: string | undefined;
