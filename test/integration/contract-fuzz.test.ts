import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls } from '../../electron/kiosk/contract';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import type { KioskConnection } from '../../electron/kiosk/connection';
import { useTempDirs } from '../support/temp-dir';
import { DEMO, loggedIn, startTestKiosk } from '../support/kiosk-harness';

/** Whatever a console sends, the core answers with a result and keeps running; bad payloads write nothing. */
const tempDir = useTempDirs();
let kiosk: Kiosk;
let admin: KioskConnection;

beforeAll(async () => {
  kiosk = await startTestKiosk(tempDir());
  admin = await loggedIn(kiosk, ...DEMO.admin);
});
afterAll(async () => kiosk.close());

const anyName = fc.oneof(fc.constantFrom(...Object.keys(calls).filter((name) => name !== 'auth.logout')), fc.string());

describe('the contract under garbage', () => {
  it('answers every call with ok or a coded error, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(anyName, fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withTypedArray: true }), async (name, input) => {
        const result = await admin.call(name, input);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(['invalid_input', 'unknown_call', 'not_found', 'conflict', 'forbidden']).toContain(result.error.code);
      }),
      { numRuns: 400 },
    );
  });

  it('writes no session for entries with a malformed payload', async () => {
    const before = kiosk.store.db.prepare('SELECT count(*) FROM sessions').pluck().get();
    await fc.assert(
      fc.asyncProperty(fc.record({ plate: fc.anything(), zoneId: fc.anything(), vehicleClass: fc.anything(), reason: fc.anything() }, { requiredKeys: [] }), async (input) => {
        await admin.call('sessions.manualEntry', { laneId: null, ...input });
      }),
      { numRuns: 200 },
    );
    expect(kiosk.store.db.prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(before);
  });
});
