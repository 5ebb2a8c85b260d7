// Prints the shell command of a README block marked `<!-- command: <name> -->` (the ```sh block right
// after it), so .ci/run runs exactly the README's test command and nothing else can drift from it.
//
//   node scripts/readme-command.mjs test
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The command of the `<!-- command: name -->` block of a README text; undefined when there is none. */
export function readmeCommand(readme, name) {
  const marker = new RegExp(`^<!-- command: ${name} -->\\n\`\`\`sh\\n([^\\n]+)\\n\`\`\`$`, "m");
  return marker.exec(readme)?.[1];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const name = process.argv[2];
  const command =
    name && readmeCommand(readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8"), name);
  if (!command) {
    console.error(`README.md has no <!-- command: ${name} --> block`);
    process.exit(2);
  }
  console.log(command);
}
