import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { PaymentsRepo } from './payments-repo';
import { openStore } from './store';

const tempDir = useTempDirs();
const DAY = 86_400_000;

describe('PaymentsRepo.validationCodes', () => {
  it('lists codes newest first with uses, validity and creator, whether time or value off', async () => {
    const store = openStore(join(tempDir(), 'lotkeeper.db'), { now: 0 });
    const repo = new PaymentsRepo(store.db);
    const base = { merchant: 'Harbour Cafe', maxUses: 2, validFrom: 0, validTo: DAY };
    store.change(() => {
      repo.insertValidationCode({ ...base, code: 'CAFE-60', kind: 'time', minutesOff: 60, valueOffMinor: null }, 1_000, 'sam');
      repo.insertValidationCode({ ...base, code: 'CAFE-250', kind: 'value', minutesOff: null, valueOffMinor: 250 }, 2_000, 'sam');
      repo.insertValidationCode({ ...base, code: 'SHOP-30', kind: 'time', minutesOff: 30, valueOffMinor: null }, 2_000, 'ola');
    });
    store.change(() => repo.useValidationCode('CAFE-60', 5_000));

    expect(repo.validationCodes(10)).toEqual([
      { ...base, code: 'SHOP-30', kind: 'time', minutesOff: 30, valueOffMinor: null, uses: 0, revokedAt: null, createdAt: 2_000, createdBy: 'ola' },
      { ...base, code: 'CAFE-250', kind: 'value', minutesOff: null, valueOffMinor: 250, uses: 0, revokedAt: null, createdAt: 2_000, createdBy: 'sam' },
      { ...base, code: 'CAFE-60', kind: 'time', minutesOff: 60, valueOffMinor: null, uses: 1, revokedAt: null, createdAt: 1_000, createdBy: 'sam' },
    ]);
    expect(repo.validationCodes(1).map((c) => c.code)).toEqual(['SHOP-30']);
    await store.close();
  });
});
