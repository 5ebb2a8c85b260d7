// The generated protocol code under test (codegen's own output, imported by path: no package build needed).
export * from "../../../packages/protocol/src/generated/index.js";
export * from "../../../packages/protocol/src/generated/validators.js";
