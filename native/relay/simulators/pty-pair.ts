/**
 * A socat pty pair: two linked pseudo-terminals, one for a board simulator and one for the real serial driver. The
 * demo site's relay board and the relay tests run on these. Always opened through socat's link= paths: a restarted
 * socat hands out new /dev/pts numbers, the links stay. Killing socat is the unplug.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface PtyPair {
  /** The simulator's end. */
  readonly board: string;
  /** The driver's end. */
  readonly kiosk: string;
  readonly process: ChildProcess;
  /** Kills socat and waits for it to exit. */
  close(): Promise<void>;
}

export const SOCAT = '/usr/bin/socat';

export function socatAvailable(): boolean {
  return existsSync(SOCAT);
}

/** Starts socat with links `<dir>/<name>-board` and `<dir>/<name>-kiosk`; the same name gives the same paths again. */
export async function openPtyPair(dir: string, name: string, timeoutMs = 5_000): Promise<PtyPair> {
  if (!socatAvailable()) throw new Error(`${SOCAT} is missing: a simulated serial board needs socat (apt-get install socat)`);
  const board = join(dir, `${name}-board`);
  const kiosk = join(dir, `${name}-kiosk`);
  // Links left by a socat of a process that was killed outright would make these look ready before they are.
  for (const link of [board, kiosk]) rmSync(link, { force: true });
  const child = spawn(SOCAT, ['-d', '-d', `pty,raw,echo=0,link=${board}`, `pty,raw,echo=0,link=${kiosk}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  // socat is not ours to outlive: whatever way this process exits (short of SIGKILL), the pair goes with it.
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  };
  // socat logs "starting data transfer loop" once both ptys and their links exist.
  const deadline = Date.now() + timeoutMs;
  while (!(log.includes('starting data transfer loop') && existsSync(board) && existsSync(kiosk))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`socat did not set up the pty pair in ${timeoutMs} ms: ${log.trim() || 'no output'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return { board, kiosk, process: child, close };
}
