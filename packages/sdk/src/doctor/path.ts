/**
 * node:path for the lazily loaded checks, read through `process.getBuiltinModule` (Node 20.16+). Imported
 * by name, the bundle would put node:path in a chunk shared with the SDK's entry, which every import of
 * the SDK would then load; this way the checks share no module with it.
 */
const path = process.getBuiltinModule("node:path");

export const { delimiter, isAbsolute, join, relative } = path;
