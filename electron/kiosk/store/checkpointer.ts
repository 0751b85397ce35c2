import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

/**
 * Moves WAL checkpoints off the commit path. SQLite's automatic checkpoint runs inside whichever commit crosses
 * the threshold, so one car's entry in a few hundred would wait for pages to be copied back into the database
 * file and fsynced. Instead the store's connection never checkpoints; a worker thread with its own connection
 * runs a PASSIVE checkpoint (it never blocks writers) a moment after commits happened.
 */
export interface Checkpointer {
  /** Tells the checkpointer there is new work in the WAL. */
  touched(): void;
  close(): Promise<void>;
}

// The worker is plain CommonJS evaluated from this string: no separate file to bundle or unpack from the asar.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 2000');
parentPort.on('message', () => {
  try { parentPort.postMessage({ ok: true, result: db.pragma('wal_checkpoint(PASSIVE)')[0] }); }
  catch (error) { parentPort.postMessage({ ok: false, error: String(error) }); }
});
`;

export function startCheckpointer(db: Database, file: string, onError: (message: string) => void, delayMs = 1_000): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver: createRequire(import.meta.url).resolve('better-sqlite3') } });
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  let timer: NodeJS.Timeout | undefined;
  let alive = true;
  const fallBack = (message: string) => {
    if (!alive) return;
    alive = false;
    // Without the worker the WAL would grow without bound: let SQLite checkpoint inside commits again.
    db.pragma('wal_autocheckpoint = 1000');
    onError(message);
  };
  worker.on('message', (reply: { ok: boolean; error?: string }) => {
    if (!reply.ok) onError(`WAL checkpoint failed: ${reply.error}`);
  });
  worker.on('error', (error) => fallBack(`WAL checkpointer stopped: ${error.message}`));
  worker.on('exit', () => fallBack('WAL checkpointer exited'));
  return {
    touched() {
      if (!alive || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        worker.postMessage('checkpoint');
      }, delayMs);
      timer.unref();
    },
    async close() {
      clearTimeout(timer);
      alive = false;
      await worker.terminate();
    },
  };
}
