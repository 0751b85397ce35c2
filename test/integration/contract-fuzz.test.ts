import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { MAX_LOGINS_PER_SOCKET, startBridge, type Bridge } from '../../electron/kiosk/bridge';
import { calls, type CallName } from '../../electron/kiosk/contract';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import type { KioskConnection } from '../../electron/kiosk/connection';
import { DEMO, loggedIn, startTestKiosk } from '../support/kiosk-harness';
import { useFileTempDir } from '../support/temp-dir';

/** Whatever a console sends, the core answers with a result and keeps running; bad payloads write nothing. */
const dataDir = useFileTempDir();
let kiosk: Kiosk;
let admin: KioskConnection;
let bridge: Bridge;

beforeAll(async () => {
  kiosk = await startTestKiosk(dataDir);
  admin = await loggedIn(kiosk, ...DEMO.admin);
  bridge = await startBridge(kiosk, { port: 0, staticDir: null });
});
afterAll(async () => {
  await bridge.close();
  await kiosk.close();
});

/** The codes a call may answer bad input with; `internal` is never one of them. */
const INPUT_ERRORS = ['invalid_input', 'unknown_call', 'not_found', 'conflict', 'forbidden', 'locked_out'];

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

/** A socket over the bridge, as the console's: calls answered by id. */
async function socket(): Promise<{ call(name: string, input: unknown): Promise<{ ok: boolean; error?: { code: string; message: string } }>; close(): void }> {
  const ws = new WebSocket(bridge.url.replace('http', 'ws') + '/ws', { origin: bridge.url });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const waiting = new Map<number, (result: { ok: boolean }) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; id: number; result: { ok: boolean } };
    if (frame.type === 'result') waiting.get(frame.id)?.(frame.result);
  });
  let next = 1;
  return {
    call: (name, input) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, call: name, input }));
      }),
    close: () => ws.close(),
  };
}

/** Values that have broken parsers before: prototype keys, huge and odd numbers, long and strange strings, deep nesting. */
const hostileValue = fc.oneof(
  fc.constantFrom(null, true, 0, -0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1, '', ' ', '\u0000', '\u202e', 'a'.repeat(100_000), '../../etc/passwd', "'; DROP TABLE sessions; --", '__proto__', '<script>'),
  fc.constant(JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}') as unknown),
  fc.integer({ min: 1, max: 60 }).map((depth) => Array.from({ length: depth }).reduce<unknown>((inner) => ({ a: [inner] }), 1)),
  fc.jsonValue(),
);

/** Random payloads for one call: anything at all, and objects with the call's own field names holding hostile values. */
function payloadsFor(name: CallName): fc.Arbitrary<unknown> {
  const input = calls[name].input as z.ZodType;
  const keys = input instanceof z.ZodObject ? Object.keys(input.shape as object) : [];
  const shaped = keys.length ? fc.dictionary(fc.constantFrom(...keys), hostileValue, { maxKeys: keys.length }) : fc.constant({});
  return fc.oneof(hostileValue, shaped, fc.jsonValue());
}

describe('every call of the contract over the bridge under random and hostile payloads', () => {
  it('answers each with ok or an input error, never internal, and the socket stays up', async () => {
    const console = await socket();
    expect(await console.call('auth.login', { username: DEMO.admin[0], secret: DEMO.admin[1] })).toMatchObject({ ok: true });
    // Every call the contract has today and any added later; logging out or in again would test the login instead.
    const names = (Object.keys(calls) as CallName[]).filter((name) => name !== 'auth.logout' && name !== 'auth.login');
    expect(names.length).toBeGreaterThan(50);
    for (const name of names) {
      await fc.assert(
        fc.asyncProperty(payloadsFor(name), async (input) => {
          const result = await console.call(name, input);
          if (!result.ok) expect({ name, code: result.error!.code, message: result.error!.message }).toMatchObject({ code: expect.toBeOneOf(INPUT_ERRORS) });
        }),
        { numRuns: 15 },
      );
    }
    expect(await console.call('auth.me', {})).toMatchObject({ ok: true });
    console.close();
    // Over a hundred calls, fifteen times each; the first report starts the report worker (seconds under tsx).
  }, 60_000);

  it('answers hostile logins with a coded error, within the socket\'s login cap', async () => {
    const console = await socket();
    const attempts = fc.sample(payloadsFor('auth.login'), MAX_LOGINS_PER_SOCKET);
    for (const input of attempts) {
      const result = await console.call('auth.login', input);
      expect(result.ok ? 'ok' : result.error!.code).toBeOneOf(['invalid_input', 'unauthenticated', 'locked_out']);
    }
    console.close();
  });
});
