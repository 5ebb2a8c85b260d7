// One cold import, in a fresh process: prints the milliseconds `import(specifier)` took, as JSON.
// With --loaded it also lists which heavy optional dependencies the import pulled in.
import { createRequire } from "node:module";

const [specifier, flag] = process.argv.slice(2);
const started = performance.now();
await import(specifier);
const ms = performance.now() - started;

const loaded =
  flag === "--loaded"
    ? ["ajv", "ws", "vscode-jsonrpc"].filter((name) =>
        Object.keys(createRequire(import.meta.url).cache).some((path) =>
          path.includes(`/node_modules/${name}/`),
        ),
      )
    : undefined;
console.log(JSON.stringify({ ms, loaded }));
