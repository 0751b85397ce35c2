/**
 * Site settings as an admin saves them: validated at the edge, admin only, one transaction with its audit row and
 * outbox row, and read by the code each one names (the evidence purger, receipts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const running: Kiosk[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((kiosk) => kiosk.close()));
});

async function kioskAt(overrides = {}): Promise<Kiosk> {
  const kiosk = await startTestKiosk(tempDir(), overrides);
  running.push(kiosk);
  return kiosk;
}

const settings = {
  receiptHeader: ['Harbour Street Car Park', 'VAT no. GB 123 4567 89'],
  receiptFooter: ['Thank you for parking with us'],
  evidenceRetentionDays: 7,
  idleLogoutMinutes: { attendant: 15, supervisor: 10, admin: 5 },
  maxLoginHours: 12,
};

describe('site settings', () => {
  it('start with 30 days of evidence, 15 idle minutes (5 for admins) and 12-hour logins, and are saved whole, audited and sent to head office', async () => {
    const kiosk = await kioskAt();
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    expect(await expectOk(admin, 'settings.get', {})).toEqual({
      settings: { receiptHeader: [], receiptFooter: [], evidenceRetentionDays: 30, idleLogoutMinutes: { attendant: 15, supervisor: 15, admin: 5 }, maxLoginHours: 12, smsQuietHours: null, smsRateLimit: null, qrPayPageUrl: null },
      updatedAt: null,
      updatedBy: null,
    });
    const saved = await expectOk(admin, 'settings.save', { settings, reason: 'Privacy review: keep photos a week' });
    expect(saved).toMatchObject({ settings, updatedBy: 'admin' });
    const [row] = kiosk.store.audit.list({ limit: 1 });
    expect(row).toMatchObject({ actor: 'admin', action: 'settings.save', subject: 'site:settings' });
    expect(row?.detail).toMatchObject({ reason: 'Privacy review: keep photos a week', before: { evidenceRetentionDays: 30 }, after: { evidenceRetentionDays: 7 } });
    const kinds = kiosk.store.db.prepare("SELECT kind FROM outbox WHERE kind IN ('site_settings', 'audit') ORDER BY seq DESC LIMIT 2").pluck().all();
    expect(kinds.sort()).toEqual(['audit', 'site_settings']);
  });

  it('refuses a bad value by field and a role below admin, and leaves the settings as they were', async () => {
    const kiosk = await kioskAt();
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    const bad = await admin.call('settings.save', { settings: { ...settings, evidenceRetentionDays: 0, receiptFooter: ['x'.repeat(43)], colour: 'red' }, reason: 'try' });
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).toMatch(/evidenceRetentionDays/);
    const supervisor = await loggedIn(kiosk, ...DEMO.supervisor);
    const refused = await supervisor.call('settings.save', { settings, reason: 'not mine to change' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await expectOk(admin, 'settings.get', {})).updatedAt).toBeNull();
  });

  it("QR pay links use the settings' pay page, unless serve --pay-page names one", async () => {
    const secret = 'site-17-secret-from-head-office-0123456789';
    const kiosk = await kioskAt({ payments: { terminals: [], qrSecret: secret } });
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    expect((await expectOk(admin, 'payments.methods', {})).qr).toMatchObject({ available: false, reason: expect.stringMatching(/pay page is not configured/) });
    const plain = await admin.call('settings.save', { settings: { ...settings, qrPayPageUrl: 'http://pay.example.test/p' }, reason: 'Pay page' });
    expect(JSON.stringify(plain)).toMatch(/https:\/\/ address/);
    await expectOk(admin, 'settings.save', { settings: { ...settings, qrPayPageUrl: 'https://pay.example.test/p' }, reason: 'Head office pay page' });
    expect((await expectOk(admin, 'payments.methods', {})).qr).toEqual({ available: true, reason: null, via: 'headoffice_link' });
    const anna = await loggedIn(kiosk, ...DEMO.attendant);
    const { session } = await expectOk(anna, 'sessions.manualEntry', { plate: 'QR12PAY', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'test car' });
    kiosk.store.db.prepare('UPDATE sessions SET entry_at = entry_at - 3 * 3600000 WHERE id = ?').run(session.id);
    expect((await expectOk(anna, 'payments.qrLink', { sessionId: session.id })).url).toMatch(/^https:\/\/pay\.example\.test\/p/);
    await kiosk.close();

    const flagged = await kioskAt({ payments: { terminals: [], qrSecret: secret, payPageUrl: 'https://pay.flag.test/p' } });
    const flaggedAdmin = await loggedIn(flagged, ...DEMO.admin);
    await expectOk(flaggedAdmin, 'settings.save', { settings: { ...settings, qrPayPageUrl: 'https://pay.example.test/p' }, reason: 'Head office pay page' });
    const flaggedAnna = await loggedIn(flagged, ...DEMO.attendant);
    const stay = await expectOk(flaggedAnna, 'sessions.manualEntry', { plate: 'QR12PAY', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'test car' });
    flagged.store.db.prepare('UPDATE sessions SET entry_at = entry_at - 3 * 3600000 WHERE id = ?').run(stay.session.id);
    expect((await expectOk(flaggedAnna, 'payments.qrLink', { sessionId: stay.session.id })).url).toMatch(/^https:\/\/pay\.flag\.test\/p/);
  });

  it('the evidence purger keeps photos for the days the setting says, read at each sweep', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 1));
    const kiosk = await kioskAt({ clock: clock.now });
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    await expectOk(admin, 'settings.save', { settings, reason: 'Privacy review: keep photos a week' });
    const frame = { width: 32, height: 16, channels: 3 as const, data: new Uint8Array(32 * 16 * 3).fill(90), capturedAt: clock.now() };
    const kept = await kiosk.services.evidence.keep({ laneId: 'in1', stage: 'entry', frame, box: null, sessionId: null });
    clock.advance(6 * 86_400_000);
    expect(await kiosk.services.evidence.purge()).toBe(0);
    clock.advance(2 * 86_400_000);
    expect(await kiosk.services.evidence.purge()).toBe(1);
    expect(existsSync(join(kiosk.dataDir, 'evidence', kept.frameFile))).toBe(false);
  });
});
