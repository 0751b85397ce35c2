/**
 * Site settings as an admin saves them: validated at the edge, admin only, one transaction with its audit row and
 * outbox row, and read by the code each one names (the evidence purger, receipts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SITE_FILE, type Kiosk } from '../../electron/kiosk/kiosk';
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
      settings: { receiptHeader: [], receiptFooter: [], evidenceRetentionDays: 30, idleLogoutMinutes: { attendant: 15, supervisor: 15, admin: 5 }, maxLoginHours: 12, smsQuietHours: null, smsRateLimit: null, qrPayPageUrl: null, plateRegions: ['uk', 'eu', 'us', 'br'], plateHomeCountry: null },
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

  it('plate regions: at least one, each known and once, kept in the reader\'s order, audited and sent to head office', async () => {
    const kiosk = await kioskAt();
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    for (const [plateRegions, why] of [[[], /at least one plate region/], [['uk', 'mars'], /one of uk, eu, us, br/], [['eu', 'eu'], /each plate region once/]] as const) {
      const refused = await admin.call('settings.save', { settings: { ...settings, plateRegions }, reason: 'plates' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(JSON.stringify(refused)).toMatch(why);
      expect(JSON.stringify(refused)).toMatch(/plateRegions/);
    }
    expect((await expectOk(admin, 'settings.get', {})).updatedAt).toBeNull();
    const saved = await expectOk(admin, 'settings.save', { settings: { ...settings, plateRegions: ['eu', 'uk'] }, reason: 'Ferry port: British and European cars' });
    expect(saved.settings.plateRegions).toEqual(['uk', 'eu']);
    expect(kiosk.store.audit.list({ limit: 1 })[0]?.detail).toMatchObject({ before: { plateRegions: ['uk', 'eu', 'us', 'br'] }, after: { plateRegions: ['uk', 'eu'] } });
    const pushed = kiosk.store.db.prepare("SELECT payload FROM outbox WHERE kind = 'site_settings' ORDER BY seq DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(pushed)).toMatchObject({ settings: { plateRegions: ['uk', 'eu'] } });
  });

  it("a home country: one of its plate regions', audited and sent to head office; none until chosen", async () => {
    const kiosk = await kioskAt();
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    for (const [plates, why] of [[{ plateRegions: ['uk', 'us'], plateHomeCountry: 'sk' }, /tick the home country's plates \(eu\) among/], [{ plateHomeCountry: 'de' }, /home country is one of uk, sk, cz, hr, rs, us, br/]] as const) {
      const refused = await admin.call('settings.save', { settings: { ...settings, ...plates }, reason: 'home' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(JSON.stringify(refused)).toMatch(why);
      expect(JSON.stringify(refused)).toMatch(/plateHomeCountry/);
    }
    expect((await expectOk(admin, 'settings.get', {})).updatedAt).toBeNull();
    const saved = await expectOk(admin, 'settings.save', { settings: { ...settings, plateRegions: ['eu'], plateHomeCountry: 'sk' }, reason: 'Slovak cars, a few Czech' });
    expect(saved.settings).toMatchObject({ plateRegions: ['eu'], plateHomeCountry: 'sk' });
    expect(kiosk.store.audit.list({ limit: 1 })[0]?.detail).toMatchObject({ before: { plateHomeCountry: null }, after: { plateHomeCountry: 'sk' } });
    const pushed = kiosk.store.db.prepare("SELECT payload FROM outbox WHERE kind = 'site_settings' ORDER BY seq DESC LIMIT 1").pluck().get() as string;
    expect(JSON.parse(pushed)).toMatchObject({ settings: { plateHomeCountry: 'sk' } });
  });

  it("takes the site file's plate regions and home country at set-up, and refuses a site file naming an unknown or foreign one", async () => {
    const site = JSON.parse(readFileSync(DEMO_SITE_FILE(), 'utf8')) as object;
    const siteFile = join(tempDir(), 'site.json');
    writeFileSync(siteFile, JSON.stringify({ ...site, plateRegions: ['uk'] }));
    const kiosk = await kioskAt({ siteFile });
    expect(kiosk.store.settings.get().settings.plateRegions).toEqual(['uk']);
    writeFileSync(siteFile, JSON.stringify({ ...site, plateRegions: ['gb'] }));
    await expect(kioskAt({ siteFile })).rejects.toThrow(/plateRegions\.0: a plate region is one of uk, eu, us, br/);
    writeFileSync(siteFile, JSON.stringify({ ...site, plateRegions: ['eu'], plateHomeCountry: 'cz' }));
    expect((await kioskAt({ siteFile })).store.settings.get().settings).toMatchObject({ plateRegions: ['eu'], plateHomeCountry: 'cz' });
    writeFileSync(siteFile, JSON.stringify({ ...site, plateRegions: ['uk'], plateHomeCountry: 'cz' }));
    await expect(kioskAt({ siteFile })).rejects.toThrow(/plateHomeCountry: tick the home country's plates \(eu\) among/);
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
    const kept = (await kiosk.services.evidence.keep({ laneId: 'in1', stage: 'entry', frame, box: null, sessionId: null }))!;
    clock.advance(6 * 86_400_000);
    expect(await kiosk.services.evidence.purge()).toBe(0);
    clock.advance(2 * 86_400_000);
    expect(await kiosk.services.evidence.purge()).toBe(1);
    expect(existsSync(join(kiosk.dataDir, 'evidence', kept.frameFile))).toBe(false);
  });

  it("the site's name, locale and tax rate take effect at once, without a restart, audited and sent to head office", async () => {
    const kiosk = await kioskAt();
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    const heard: unknown[] = [];
    admin.onEvent((name, payload) => {
      if (name === 'site.changed') heard.push(payload);
    });
    const { site } = await expectOk(admin, 'settings.site', {});
    const stay = { entryAt: Date.UTC(2026, 10, 2, 9), exitAt: Date.UTC(2026, 10, 2, 12), vehicleClass: 'car', lostTicket: false };
    const taxBefore = (await expectOk(admin, 'tariffs.quote', stay)).quote;
    const edit = { name: 'Harbour Street (North)', timeZone: site.timeZone, locale: 'de-DE', taxRateBp: 500 };
    const saved = await expectOk(admin, 'settings.saveSite', { site: edit, reason: 'Renamed after the merger' });
    expect(saved).toEqual({ site: { ...edit, currency: site.currency }, carsInside: 0 });
    expect(await expectOk(admin, 'site.info', {})).toEqual({ ...edit, currency: site.currency });
    const taxAfter = (await expectOk(admin, 'tariffs.quote', stay)).quote;
    expect(taxAfter.totalMinor).toBe(taxBefore.totalMinor);
    expect(taxAfter.taxMinor).toBe(Math.round((taxAfter.totalMinor * 500) / 10_500));
    expect(taxAfter.taxMinor).not.toBe(taxBefore.taxMinor);
    expect(heard).toEqual([expect.objectContaining({ site: { ...edit, currency: site.currency } })]);
    const [row] = kiosk.store.audit.list({ limit: 1 });
    expect(row).toMatchObject({ actor: 'admin', action: 'settings.saveSite', subject: 'site' });
    expect(row?.detail).toMatchObject({ reason: 'Renamed after the merger', before: { name: site.name, taxRateBp: site.taxRateBp }, after: { name: edit.name, taxRateBp: 500 } });
    const outboxKinds = kiosk.store.db.prepare("SELECT kind FROM outbox WHERE kind IN ('site', 'audit') ORDER BY seq DESC LIMIT 2").pluck().all();
    expect(outboxKinds.sort()).toEqual(['audit', 'site']);
  });

  it('a new time zone while cars are inside needs the admin to acknowledge what happens to their stays', async () => {
    const kiosk = await kioskAt();
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    const { site } = await expectOk(admin, 'settings.site', {});
    const anna = await loggedIn(kiosk, ...DEMO.attendant);
    const { session } = await expectOk(anna, 'sessions.manualEntry', { plate: 'TZ12CAR', laneId: null, zoneId: 'ground', vehicleClass: 'car', reason: 'test car' });
    const edit = { name: site.name, timeZone: 'America/New_York', locale: site.locale, taxRateBp: site.taxRateBp };
    const refused = await admin.call('settings.saveSite', { site: edit, reason: 'Moved the booth PC' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/1 car\(s\) are inside.*America\/New_York/) } });
    expect((await expectOk(admin, 'site.info', {})).timeZone).toBe(site.timeZone);
    const saved = await expectOk(admin, 'settings.saveSite', { site: edit, reason: 'Moved the booth PC', carsInsideAcknowledged: true });
    expect(saved).toMatchObject({ site: { timeZone: 'America/New_York' }, carsInside: 1 });
    expect(kiosk.store.sessions.get(session.id)?.entryAt).toBe(session.entryAt);
    expect(kiosk.store.audit.list({ limit: 1 })[0]?.detail).toMatchObject({ carsInside: 1, before: { timeZone: site.timeZone }, after: { timeZone: 'America/New_York' } });
  });

  it("refuses a bad site field by name and a role below admin, and leaves the site as it was", async () => {
    const kiosk = await kioskAt();
    const admin = await loggedIn(kiosk, ...DEMO.admin);
    const { site } = await expectOk(admin, 'settings.site', {});
    const editable = { name: site.name, timeZone: site.timeZone, locale: site.locale, taxRateBp: site.taxRateBp };
    for (const [field, value, message] of [['timeZone', 'Mars/Olympus', /IANA time zone/], ['locale', 'not a locale!', /locale such as en-GB/], ['taxRateBp', 10_001, /at most 100 %/], ['name', '  ', /needs a name/]] as const) {
      const bad = await admin.call('settings.saveSite', { site: { ...editable, [field]: value }, reason: 'try it' });
      expect(bad.ok).toBe(false);
      expect(JSON.stringify(bad)).toMatch(field);
      expect(JSON.stringify(bad)).toMatch(message);
    }
    const currency = await admin.call('settings.saveSite', { site: { ...editable, currency: 'EUR' }, reason: 'try it' });
    expect(currency.ok).toBe(false);
    const supervisor = await loggedIn(kiosk, ...DEMO.supervisor);
    expect(await supervisor.call('settings.saveSite', { site: editable, reason: 'not mine' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await supervisor.call('settings.site', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await expectOk(admin, 'site.info', {})).toEqual(site);
  });
});
