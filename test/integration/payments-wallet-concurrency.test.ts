/**
 * Wallet debits from separate processes, each with its own connection to the same SQLite file (two lanes, the
 * sync worker, a CLI): the guarded UPDATE never lets the balance go below zero, and every successful debit has
 * exactly one movement.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../electron/kiosk/store/store';
import { WalletsRepo } from '../../electron/kiosk/store/wallets-repo';
import { useTempDirs } from '../support/temp-dir';

const run = promisify(execFile);
const tempDir = useTempDirs();
const WORKER = join(import.meta.dirname, 'payments-wallet-worker.ts');
const TSX = join(import.meta.dirname, '../../node_modules/.bin/tsx');

describe('wallet debits from concurrent connections', () => {
  it('never overdraw: 3 processes x 40 debits of 100 against a balance of 5,000', async () => {
    const file = join(tempDir(), 'lotkeeper.db');
    const store = openStore(file, { now: 0 });
    const wallets = new WalletsRepo(store.db);
    const wallet = store.change(() => wallets.create({ holder: 'Fleet', currency: 'GBP', plates: [] }, 0));
    store.change(() => wallets.move(wallet.id, 5_000, { kind: 'topup', at: 0, by: 'test' }));
    await store.close();

    const results = await Promise.all([1, 2, 3].map(() => run(TSX, [WORKER, file, String(wallet.id), '40', '100'])));
    const counts = results.map((r) => JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { ok: number; refused: number });
    expect(counts.reduce((n, c) => n + c.ok, 0)).toBe(50);
    expect(counts.reduce((n, c) => n + c.refused, 0)).toBe(70);

    const after = openStore(file, { now: 0, readonly: true });
    expect(new WalletsRepo(after.db).get(wallet.id)!.balanceMinor).toBe(0);
    expect(after.db.prepare("SELECT count(*) AS n, min(balance_after_minor) AS low FROM wallet_movements WHERE kind = 'debit'").get()).toEqual({ n: 50, low: 0 });
    await after.close();
  }, 60_000);
});
