// `pnpm compat:table`: rewrites the compatibility table in docs/compatibility.md.
import { syncTable } from "./compat-table.js";
import { COMPATIBILITY_DOC, currentTable } from "./current-table.js";

syncTable(COMPATIBILITY_DOC, currentTable(), "write");
console.log(`wrote the compatibility table in ${COMPATIBILITY_DOC}`);
