import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startBridge, type Bridge } from '../../electron/kiosk/bridge';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { DEFAULT_LOCKOUT, DEFAULT_LOGIN_LIMITS } from '../../electron/kiosk/users/login-guard';
import { useTempDirs } from '../support/temp-dir';
import { manualClock, startTestKiosk } from '../support/kiosk-harness';

/** Guessing a PIN over the loopback bridge, as an attacker on the booth PC would: many sockets, all at once. */
const tempDir = useTempDirs();
const clock = manualClock(Date.UTC(2026, 11, 6, 9, 0));
let kiosk: Kiosk;
let bridge: Bridge;
let dataDir: string;

beforeEach(async () => {
  clock.set(Date.UTC(2026, 11, 6, 9, 0));
  dataDir = tempDir();
  kiosk = await startTestKiosk(dataDir, { clock: clock.now });
  bridge = await startBridge(kiosk, { port: 0, staticDir: null });
});
afterEach(async () => {
  await bridge.close();
  await kiosk.close();
});

interface Result {
  ok: boolean;
  error?: { code: string; message: string; lockedUntil?: number };
}

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(bridge.url.replace('http', 'ws') + '/ws', { origin: bridge.url });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends every login at once on one socket and collects the answers in the order they were asked. */
function loginsAtOnce(ws: WebSocket, attempts: readonly { username: string; secret: string }[]): Promise<Result[]> {
  return new Promise((resolve) => {
    const results: Result[] = [];
    let left = attempts.length;
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { type: string; id: number; result: Result };
      if (frame.type !== 'result') return;
      results[frame.id] = frame.result;
      if (--left === 0) resolve(results);
    });
    attempts.forEach((input, id) => ws.send(JSON.stringify({ id, call: 'auth.login', input })));
  });
}

async function loginOnFreshSocket(username: string, secret: string): Promise<Result> {
  const ws = await open();
  const [result] = await loginsAtOnce(ws, [{ username, secret }]);
  ws.close();
  return result!;
}

const SOCKETS = 10;
const PER_SOCKET = 20;
const wrongPins = (n: number, username = 'anna') => Array.from({ length: n }, (_, i) => ({ username, secret: String(2000 + i).padStart(4, '0') }));

describe('the PIN lockout under concurrent guessing', () => {
  it('locks after the limit when hundreds of wrong PINs arrive at once from several sockets, and refuses the right PIN until the lock ends', async () => {
    const sockets = await Promise.all(Array.from({ length: SOCKETS }, open));
    const answers = (await Promise.all(sockets.map((ws, s) => loginsAtOnce(ws, wrongPins(PER_SOCKET).map((a, i) => ({ ...a, secret: String(s * PER_SOCKET + i + 2000) })))))).flat();
    for (const ws of sockets) ws.close();

    expect(answers).toHaveLength(SOCKETS * PER_SOCKET);
    expect(answers.every((a) => !a.ok && ['unauthenticated', 'locked_out'].includes(a.error!.code))).toBe(true);
    // Only the attempts counted before the lock were checked at all: the lock's max minus the one that locked.
    expect(answers.filter((a) => a.error!.code === 'unauthenticated')).toHaveLength(DEFAULT_LOCKOUT.maxFailures - 1);
    const lockEnds = clock.now() + DEFAULT_LOCKOUT.lockMinutes * 60_000;
    expect(kiosk.store.db.prepare("SELECT failed_attempts AS failed, locked_until AS until FROM users WHERE username = 'anna'").get()).toEqual({ failed: DEFAULT_LOCKOUT.maxFailures, until: lockEnds });
    // The attempts are counted in order, but each one's hash (and so its audit row) finishes when it finishes.
    const annaRows = kiosk.store.db.prepare("SELECT action FROM audit_log WHERE actor = 'anna' ORDER BY action").pluck().all();
    expect(annaRows).toEqual(['auth.locked_out', ...Array<string>(DEFAULT_LOCKOUT.maxFailures - 1).fill('auth.login_failed')]);

    expect(await loginOnFreshSocket('anna', '1357')).toMatchObject({ ok: false, error: { code: 'locked_out', lockedUntil: lockEnds } });
    clock.set(lockEnds - 1);
    expect(await loginOnFreshSocket('anna', '1357')).toMatchObject({ ok: false, error: { code: 'locked_out' } });
    clock.set(lockEnds);
    expect(await loginOnFreshSocket('anna', '1357')).toMatchObject({ ok: true });
  });

  it('says how many tries are left, and answers an unknown name exactly as a known one, lock included', async () => {
    const sequence = async (username: string) => {
      const results: Result[] = [];
      for (const attempt of wrongPins(DEFAULT_LOCKOUT.maxFailures + 1, username)) results.push(await loginOnFreshSocket(attempt.username, attempt.secret));
      return results;
    };
    const known = await sequence('anna');
    const unknown = await sequence('nobody');
    expect(unknown).toEqual(known);
    expect(known[0]!.error!.message).toMatch(/4 tries left/);
    expect(known.map((r) => r.error!.code)).toEqual(['unauthenticated', 'unauthenticated', 'unauthenticated', 'unauthenticated', 'locked_out', 'locked_out']);
    // A disabled account answers the same too, even to its right PIN.
    kiosk.store.db.prepare("UPDATE users SET active = 0 WHERE username = 'sam'").run();
    expect(await loginOnFreshSocket('sam', '2468')).toEqual(await loginOnFreshSocket('nobody2', '2468'));
  });

  it('keeps the lock of a name that is no account across a restart, as an account keeps its own', async () => {
    const lockOut = async (username: string) => {
      for (const attempt of wrongPins(DEFAULT_LOCKOUT.maxFailures, username)) await loginOnFreshSocket(attempt.username, attempt.secret);
      return loginOnFreshSocket(username, '1357');
    };
    const before = [await lockOut('anna'), await lockOut('Nobody'), await loginOnFreshSocket('someone', '0000')];
    expect(before.map((r) => r.error!.code)).toEqual(['locked_out', 'locked_out', 'unauthenticated']);

    await bridge.close();
    await kiosk.close();
    clock.advance(60_000);
    kiosk = await startTestKiosk(dataDir, { clock: clock.now });
    bridge = await startBridge(kiosk, { port: 0, staticDir: null });
    const after = [await loginOnFreshSocket('anna', '1357'), await loginOnFreshSocket('nobody', '1357'), await loginOnFreshSocket('someone', '0000')];
    expect(after).toEqual([before[0], before[1], { ok: false, error: { code: 'unauthenticated', message: expect.stringMatching(/3 tries left/), attemptsLeft: 3, lockMinutes: 5 } }]);
  });

  it('limits the attempts of one console, whatever the names', async () => {
    const ws = await open();
    const names = Array.from({ length: DEFAULT_LOGIN_LIMITS.perConnection.attempts + 5 }, (_, i) => ({ username: `guess${i}`, secret: '1234' }));
    const answers = await loginsAtOnce(ws, names);
    ws.close();
    const limited = answers.filter((a) => a.error?.message.startsWith('too many login attempts'));
    expect(limited).toHaveLength(5);
    expect(limited[0]!.error).toMatchObject({ code: 'locked_out', lockedUntil: clock.now() + DEFAULT_LOGIN_LIMITS.perConnection.perMs });
  });

  it('writes failures with invented names as one audit row per window, not one row (and head-office change) each', async () => {
    const audit = () => kiosk.store.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    const outbox = () => kiosk.store.db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    const [auditBefore, outboxBefore] = [audit(), outbox()];
    const sockets = await Promise.all(Array.from({ length: 10 }, open));
    await Promise.all(sockets.map((ws, s) => loginsAtOnce(ws, Array.from({ length: 10 }, (_, i) => ({ username: `intruder${s}-${i}`, secret: '0000' })))));
    for (const ws of sockets) ws.close();
    expect([audit(), outbox()]).toEqual([auditBefore, outboxBefore]);

    clock.advance(DEFAULT_LOGIN_LIMITS.tallyWindowMs);
    await loginOnFreshSocket('intruder-late', '0000'); // the attempt that closes the window
    const rows = kiosk.store.db.prepare("SELECT detail FROM audit_log WHERE action = 'auth.login_failures'").pluck().all() as string[];
    expect(rows.map((row) => JSON.parse(row) as unknown)).toEqual([
      { from: clock.now() - DEFAULT_LOGIN_LIMITS.tallyWindowMs, to: clock.now(), counts: { unknown_user: 100, locked: 0, rate_limited: 0 }, distinctNames: 100 },
    ]);
    expect([audit(), outbox()]).toEqual([auditBefore + 1, outboxBefore + 1]);
  });
});
