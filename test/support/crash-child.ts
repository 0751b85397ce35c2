import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '../..');
/** Inside the app folder, so the bundle finds package.json, migrations/ and node_modules by walking up, as dist/ does. */
const BUNDLES = join(ROOT, 'dist', 'test-children');

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last stdout line, parsed, when it is a JSON object. */
  last: Record<string, unknown> | null;
  stderr: string;
}

const bundles = new Map<string, Promise<string>>();

/**
 * A TypeScript entry and the sources it imports as one ESM file for plain node (packages left external, loaded from
 * node_modules as the sources load them; source map written beside it). `banner` goes first in the file.
 */
export async function bundleForChildren(entry: string, outfile: string, banner?: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    ...(banner === undefined ? {} : { banner: { js: banner } }),
  });
}

/**
 * The child's source as one esbuild bundle (packages left external, as in electron/build-main.ts), made once per
 * test file: node starts it in about half the time `node --import tsx` takes to load the same sources module by
 * module, and a kill -9 test starts dozens of children. The same esbuild transform tsx applies, so the same code.
 * Made in a folder of its own then moved beside the others: test files running side by side never start a
 * half-written bundle. Its source map is written beside it but not loaded (a quarter of the start-up): for stack
 * traces into the sources, run the test with NODE_OPTIONS=--enable-source-maps.
 */
function bundled(file: string): Promise<string> {
  let made = bundles.get(file);
  if (!made) {
    const name = `${basename(file, '.ts')}.mjs`;
    mkdirSync(BUNDLES, { recursive: true });
    const partial = mkdtempSync(join(BUNDLES, '.partial-'));
    made = bundleForChildren(file, join(partial, name)).then(() => {
      for (const suffix of ['.map', '']) renameSync(join(partial, name + suffix), join(BUNDLES, name + suffix));
      rmSync(partial, { recursive: true, force: true });
      return join(BUNDLES, name);
    });
    bundles.set(file, made);
  }
  return made;
}

/**
 * Runs a TypeScript file in its own process for the kill -9 tests: node itself on the file's bundle (a loader or a
 * wrapper CLI would run it in a grandchild and hide the SIGKILL). `started` gets the process, to kill it from outside.
 */
export async function runCrashChild(file: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; started?: (child: ChildProcess) => void } = {}): Promise<ChildRun> {
  const script = await bundled(file);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
    options.started?.(child);
    let out = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const line = out.trim().split('\n').at(-1);
      resolve({ code, signal, stderr, last: line?.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : null });
    });
  });
}

/** A `started` for runCrashChild: kills the child (-9) the moment its request to a path matching `killAt` reaches the loopback Stripe server. */
export function killOnStripeRequest(server: { readonly requests: readonly { path: string }[] }, killAt: RegExp | undefined): (child: ChildProcess) => void {
  const seenBefore = server.requests.length;
  return (child) => {
    const watch = killAt && setInterval(() => server.requests.slice(seenBefore).some((r) => killAt.test(r.path)) && child.kill('SIGKILL'), 20);
    child.on('exit', () => clearInterval(watch));
  };
}
