import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../test/support/temp-dir';
import { openStore } from './store';
import { WalletsRepo } from './wallets-repo';

const tempDir = useTempDirs();

describe('WalletsRepo.list', () => {
  it('finds wallets by folded plate or by any part of the holder, either matching, and shows plates as typed', async () => {
    const store = openStore(join(tempDir(), 'lotkeeper.db'), { now: 0 });
    const wallets = new WalletsRepo(store.db);
    const [fleet, cafe, harbour] = store.change(() => [
      wallets.create({ holder: 'Fleet Ltd', currency: 'GBP', plates: [{ key: 'AB12CDE', fold: 'A8I2CDE' }] }, 0),
      wallets.create({ holder: 'Harbour Cafe', currency: 'GBP', plates: [{ key: 'CAFE1', fold: 'CAFE1' }] }, 0),
      wallets.create({ holder: 'Harbour Master', currency: 'GBP', plates: [] }, 0),
    ]);
    const ids = (filter: { plateFold?: string; holderPart?: string }) => wallets.list({ ...filter, limit: 10 }).map((w) => w.id);

    expect(ids({})).toEqual([fleet!.id, cafe!.id, harbour!.id]);
    expect(ids({ plateFold: 'A8I2CDE' })).toEqual([fleet!.id]);
    expect(ids({ holderPart: 'harbour' })).toEqual([cafe!.id, harbour!.id]);
    expect(ids({ plateFold: 'A8I2CDE', holderPart: 'master' })).toEqual([fleet!.id, harbour!.id]);
    expect(ids({ holderPart: 'nobody' })).toEqual([]);
    expect(wallets.list({ holderPart: 'fleet', limit: 10 })).toEqual([{ id: fleet!.id, holder: 'Fleet Ltd', currency: 'GBP', balanceMinor: 0, active: true, plates: ['AB12CDE'] }]);
    await store.close();
  });
});
