import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../test/support/temp-dir';
import { createLogger } from './log';

const tempDir = useTempDirs();

describe('createLogger', () => {
  it('writes JSON lines into <data>/logs and never a secret, wherever it sits in the object', async () => {
    const dataDir = tempDir();
    const log = createLogger({ dataDir, level: 'info' });
    log.info({ input: { username: 'anna', secret: '1357' }, pin: '2468', user: { password: 'hunter22', token: 'tok-abc' } }, 'login attempt');
    await new Promise<void>((resolve) => log.flush(() => resolve()));
    await new Promise((resolve) => setTimeout(resolve, 300)); // the transport writes from its own thread
    const files = readdirSync(join(dataDir, 'logs'));
    expect(files.length).toBeGreaterThan(0);
    const text = files.map((file) => readFileSync(join(dataDir, 'logs', file), 'utf8')).join('');
    const line = JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'login attempt', input: { username: 'anna', secret: '[redacted]' }, pin: '[redacted]' });
    for (const secret of ['1357', '2468', 'hunter22', 'tok-abc']) expect(text).not.toContain(secret);
  });
});
