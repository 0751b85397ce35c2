import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const INDEX = join(ROOT, 'dist', 'renderer', 'index.html');
const LOCK = join(ROOT, 'dist', '.renderer-build.lock');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function builtAt(): number {
  try {
    return statSync(INDEX).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Builds the console into dist/renderer when it is missing or older than its sources (the headless kiosk serves
 * the build). E2E files run in parallel: a lock folder makes one build and the others wait for it.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const sources = Math.max(newestMtime(join(ROOT, 'renderer')), statSync(join(ROOT, 'vite.config.ts')).mtimeMs);
  if (builtAt() >= sources) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (waited > 120_000) rmSync(LOCK, { recursive: true, force: true }); // a crashed builder left it
      await new Promise((r) => setTimeout(r, 200));
      if (builtAt() >= sources) return;
    }
  }
  try {
    if (builtAt() >= sources) return;
    const { build } = await import('vite');
    // The config sets NODE_ENV to production for the build (vite.config.ts); this worker's tests keep vitest's.
    const testsNodeEnv = process.env['NODE_ENV'];
    try {
      await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
    } finally {
      if (testsNodeEnv === undefined) delete process.env['NODE_ENV'];
      else process.env['NODE_ENV'] = testsNodeEnv;
    }
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
