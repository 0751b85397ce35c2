/**
 * Starting a worker thread from its TypeScript source (tsx, vitest) or from its esbuild bundle. Used by the plate
 * reader (native/alpr) and the kiosk's reports (electron/kiosk/reports), whose workers are built as extra entries
 * of electron/build-main.ts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

/**
 * A TypeScript worker (source tree only; tsx is a dev dependency): Node 20 applies no --import loader hooks inside
 * worker threads, so a small script loads the worker through tsx's API instead.
 */
function tsBootstrap(path: string): string {
  return `import('tsx/esm/api').then((tsx) => tsx.tsImport(${JSON.stringify(pathToFileURL(path).href)}, ${JSON.stringify(import.meta.url)}))`;
}

export function startWorker(path: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const options = { workerData, ...(resourceLimits ? { resourceLimits } : {}) };
  return path.endsWith('.ts') ? new Worker(tsBootstrap(path), { ...options, eval: true }) : new Worker(path, options);
}

/**
 * The worker's file: `<source>.ts` beside the module that starts it (source tree), else `<bundle>.mjs` in the
 * dist folder named (`..` from the bundle that is running: dist/cli, dist/electron). Null when neither exists.
 */
export function workerFile(moduleDir: string, source: string, distFolder: string, bundle: string): string | null {
  const fromSource = join(moduleDir, `${source}.ts`);
  if (existsSync(fromSource)) return fromSource;
  const bundled = join(moduleDir, '..', distFolder, `${bundle}.mjs`);
  return existsSync(bundled) ? bundled : null;
}
