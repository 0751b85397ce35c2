import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ifAvailable } from '../../test/support/requires';
import { SMALL_DISK, useSmallDisks } from '../../test/support/small-disk';
import { useTempDirs } from '../../test/support/temp-dir';
import pino from 'pino';
import { closeLogger, createLogger, ResilientDestination } from './log';

const tempDir = useTempDirs();
const smallDisk = useSmallDisks();

/** The transport writes from its own thread: wait until the files hold what `done` needs, or fail by name. */
async function logFilesWhen(dataDir: string, done: (files: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    // pino-roll numbers its files lotkeeper.1.log, lotkeeper.2.log, ...: in writing order by that number.
    const files = readdirSync(join(dataDir, 'logs')).sort((a, b) => fileNumber(a) - fileNumber(b));
    if (done(files)) return files;
    if (Date.now() > deadline) throw new Error(`log files never got there: ${files.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const fileNumber = (name: string) => Number(/\.(\d+)\.log$/.exec(name)?.[1] ?? 0);
const read = (dataDir: string, files: string[]) => files.map((file) => readFileSync(join(dataDir, 'logs', file), 'utf8')).join('');

describe('createLogger', () => {
  it('writes JSON lines into <data>/logs and never a secret, wherever it sits in the object', async () => {
    const dataDir = tempDir();
    const log = createLogger({ dataDir, level: 'info' });
    log.info({ input: { username: 'anna', secret: '1357' }, pin: '2468', user: { password: 'hunter22', token: 'tok-abc' } }, 'login attempt');
    log.flush();
    const files = await logFilesWhen(dataDir, (names) => read(dataDir, names).includes('login attempt'));
    const text = read(dataDir, files);
    const line = JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'login attempt', input: { username: 'anna', secret: '[redacted]' }, pin: '[redacted]' });
    for (const secret of ['1357', '2468', 'hunter22', 'tok-abc']) expect(text).not.toContain(secret);
  });

  it('has written every line to its file when closeLogger resolves, and drops lines logged after it', async () => {
    const dataDir = tempDir();
    const log = createLogger({ dataDir, level: 'info' });
    for (let i = 0; i < 200; i++) log.info({ i }, 'kiosk stopping');
    await closeLogger(log);
    log.info('after the close');
    const files = readdirSync(join(dataDir, 'logs')).filter((name) => name.endsWith('.log'));
    const text = read(dataDir, files);
    expect(text.trim().split('\n').map((line) => (JSON.parse(line) as { i: number }).i)).toEqual([...Array(200).keys()]);
    expect(text).not.toContain('after the close');
  });

  it('rotates a file that reaches its size into the next one, losing no line', async () => {
    const dataDir = tempDir();
    const log = createLogger({ dataDir, level: 'info', rotateAt: '2k' });
    // In batches the transport's thread has written: pino-roll looks at the size between writes, so 60 lines that
    // reach it as one chunk (a busy machine) would make one large file rather than a rotation. A flush only hands
    // the lines to that thread, so each batch waits until its last line is in a file.
    for (let i = 0; i < 60; i++) {
      log.info({ lane: 'in-1', plate: 'AB12CDE', i }, 'car read at the entry lane');
      if (i % 6 !== 5) continue;
      await new Promise<void>((resolve) => log.flush(() => resolve()));
      await logFilesWhen(dataDir, (names) => read(dataDir, names).includes(`"i":${i},`));
    }
    const files = await logFilesWhen(dataDir, (names) => read(dataDir, names).includes('"i":59'));
    expect(files.length).toBeGreaterThan(1);
    const lines = read(dataDir, files).trim().split('\n').map((line) => (JSON.parse(line) as { i: number }).i);
    expect(lines).toEqual([...Array(60).keys()]);
  });

  ifAvailable(SMALL_DISK).it('survives a full disk (ENOSPC in the transport) and writes again, saying what it dropped, once space returns', async () => {
    const disk = smallDisk(512);
    const log = createLogger({ dataDir: disk.dir, level: 'info', retryAfterMs: 100 });
    log.info('before the disk filled');
    log.flush();
    await logFilesWhen(disk.dir, (names) => read(disk.dir, names).includes('before the disk filled'));
    disk.fill();
    // The transport's thread reports ENOSPC when it gets to it (later on a busy machine): write until lines are
    // being dropped, which is the state under test, rather than for a fixed time.
    const destination = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as ResilientDestination;
    const deadline = Date.now() + 5_000;
    for (let i = 0; destination.droppedLines === 0 && Date.now() < deadline; i++) {
      log.info({ i, padding: 'x'.repeat(200) }, 'while the disk is full');
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    disk.free();
    await new Promise((resolve) => setTimeout(resolve, 150));
    log.info('after space came back');
    log.flush();
    const files = await logFilesWhen(disk.dir, (names) => read(disk.dir, names).includes('after space came back'));
    const lines = read(disk.dir, files).split('\n').filter((line) => line !== '');
    // The one write that hit the full disk may have left half a line; every other line is whole.
    const whole = lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as { msg: string; droppedLines?: number }];
      } catch {
        return [];
      }
    });
    expect(lines.length - whole.length).toBeLessThanOrEqual(1);
    expect(whole.at(-1)?.msg).toBe('after space came back');
    const notice = whole.find((line) => line.droppedLines !== undefined);
    expect(notice?.msg).toMatch(/log lines dropped while the log files could not be written/);
    expect(notice?.droppedLines).toBeGreaterThan(0);
  });
});
