import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir';
import { createLogger } from './log';

const tempDir = useTempDirs();

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

  it('rotates a file that reaches its size into the next one, losing no line', async () => {
    const dataDir = tempDir();
    const log = createLogger({ dataDir, level: 'info', rotateAt: '2k' });
    for (let i = 0; i < 60; i++) log.info({ lane: 'in-1', plate: 'AB12CDE', i }, 'car read at the entry lane');
    log.flush();
    const files = await logFilesWhen(dataDir, (names) => read(dataDir, names).includes('"i":59'));
    expect(files.length).toBeGreaterThan(1);
    const lines = read(dataDir, files).trim().split('\n').map((line) => (JSON.parse(line) as { i: number }).i);
    expect(lines).toEqual([...Array(60).keys()]);
  });
});
