import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * One kiosk per data folder: a second one would fight the first over lanes and barriers. The lock file holds the
 * owner's pid; a lock left by a process that died (power cut, kill -9) is taken over.
 */
export class InstanceLockError extends Error {
  constructor(readonly pid: number) {
    super(`another Lotkeeper (pid ${pid}) is running on this data folder: stop it first`);
    this.name = 'InstanceLockError';
  }
}

const lockFile = (dataDir: string) => join(dataDir, 'kiosk.lock');
/** Folders this process holds: the pid in the file cannot tell a second kiosk in the same process. */
const heldHere = new Set<string>();

export function runningKioskPid(dataDir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(lockFile(dataDir), 'utf8').trim());
  } catch {
    return null;
  }
  return Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : null;
}

export function acquireInstanceLock(dataDir: string): () => void {
  const holder = heldHere.has(resolve(dataDir)) ? process.pid : runningKioskPid(dataDir);
  if (holder !== null) throw new InstanceLockError(holder);
  rmSync(lockFile(dataDir), { force: true });
  const fd = openSync(lockFile(dataDir), 'wx');
  writeSync(fd, String(process.pid));
  closeSync(fd);
  heldHere.add(resolve(dataDir));
  return () => {
    heldHere.delete(resolve(dataDir));
    rmSync(lockFile(dataDir), { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
