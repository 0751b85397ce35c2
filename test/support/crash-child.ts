import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last stdout line, parsed, when it is a JSON object. */
  last: Record<string, unknown> | null;
  stderr: string;
}

/**
 * Runs a TypeScript file in its own process for the kill -9 tests: node itself with tsx as a loader (the tsx CLI
 * would run it in a grandchild and hide the SIGKILL). `started` gets the process, to kill it from outside.
 */
export function runCrashChild(file: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv; started?: (child: ChildProcess) => void } = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
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
