/**
 * socat pty pairs for the relay integration tests: `board` (the simulator's end) and `kiosk` (the driver's end),
 * always opened through socat's link= paths, since a restarted socat hands out new /dev/pts numbers. Killing socat
 * is the unplug. Everything started here is stopped in afterEach (`useSocat`), so no test leaves a process or a
 * port behind.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { BoardSimulator } from '../../native/relay/simulators/board';
import { openPtyPair } from '../../native/relay/simulators/pty-pair';
import { type HostedSimulator, hostSimulator } from '../../native/relay/simulators/serial-host';
import type { RelayBoard, RelayHealth } from '../../native/relay/relay';

export interface PtyPair {
  board: string;
  kiosk: string;
  process: ChildProcess;
  /** Kills socat (the unplug) and waits for it to exit. */
  unplug(): Promise<void>;
}

export interface SocatFixture {
  dir: string;
  /** Starts socat with links `<dir>/<name>-board` and `<dir>/<name>-kiosk`; same name = same paths after a restart. */
  plug(name?: string): Promise<PtyPair>;
  /** One simulator, or several (Modbus units) on one bus. */
  host(simulator: BoardSimulator | BoardSimulator[], path: string): Promise<HostedSimulator>;
  track(board: RelayBoard): RelayBoard;
}

export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function waitForHealth(board: RelayBoard, predicate: (health: RelayHealth) => boolean, timeoutMs: number): Promise<RelayHealth> {
  return new Promise((resolve, reject) => {
    if (predicate(board.health())) return resolve(board.health());
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`health not reached within ${timeoutMs} ms; now ${JSON.stringify(board.health())}`));
    }, timeoutMs);
    const stop = board.onHealth((health) => {
      if (!predicate(health)) return;
      clearTimeout(timer);
      stop();
      resolve(health);
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Registers afterEach cleanup: boards closed first (they must not see a spurious unplug), then ports, then socat. */
export function useSocat(): () => SocatFixture {
  const boards: RelayBoard[] = [];
  const hosted: { path: string; host: HostedSimulator }[] = [];
  const processes: ChildProcess[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(boards.splice(0).map((board) => board.close()));
    await Promise.all(hosted.splice(0).map(({ host }) => host.close()));
    for (const child of processes.splice(0)) {
      child.kill('SIGTERM');
      await exited(child);
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'lotkeeper-relay-'));
    dirs.push(dir);
    return {
      dir,
      async plug(name = 'pair') {
        const pair = await openPtyPair(dir, name);
        processes.push(pair.process);
        const { board, kiosk } = pair;
        return {
          board,
          kiosk,
          process: pair.process,
          async unplug() {
            // The board goes with the cable. Its end is closed first: serialport can spin on a hung-up pty (link.ts).
            await Promise.all(hosted.filter((entry) => entry.path === board).map(({ host }) => host.close()));
            await pair.close();
          },
        };
      },
      async host(simulator, path) {
        const host = await hostSimulator(simulator, path);
        hosted.push({ path, host });
        return host;
      },
      track(board) {
        boards.push(board);
        return board;
      },
    };
  };
}
