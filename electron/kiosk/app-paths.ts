import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json, found by walking up from this module. Works from the sources (vitest, tsx),
 * from the esbuild bundles in dist/, and from inside an Electron asar.
 */
function findAppRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'lotkeeper') {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Lotkeeper application folder (package.json)');
    dir = parent;
  }
}

let cachedRoot: string | undefined;
export function appPath(...parts: string[]): string {
  cachedRoot ??= findAppRoot();
  return join(cachedRoot, ...parts);
}
