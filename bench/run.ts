/**
 * `npm run bench -- <name>` runs bench/<name>.ts. Each benchmark prints progress to stderr and, as its last line on
 * stdout, one JSON object: its figures with units in the key names, and the machine.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const name = process.argv[2];
const here = dirname(fileURLToPath(import.meta.url));
if (!name || !/^[a-z0-9-]+$/.test(name) || !existsSync(join(here, `${name}.ts`))) {
  console.error(`usage: npm run bench -- <name>, where bench/<name>.ts exists (got "${name ?? ''}")`);
  process.exit(2);
}
await import(join(here, `${name}.ts`));
