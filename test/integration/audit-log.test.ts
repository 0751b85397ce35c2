/**
 * The audit log as the Audit log screen reads it: every edit records its before and after, the filters (days in
 * the site's zone, user, action, subject kind or record) and paging answer from the core for supervisors only,
 * bad filters are refused with a reason, and the hash chain `audit verify` walks is unchanged by all of it.
 * Every action code the core may write has its sentence in the console.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type AuditEntry } from '../../electron/kiosk/contract';
import { verifyAuditChain } from '../../electron/kiosk/domain/audit-chain';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { auditSentence } from '../../renderer/src/lib/audit-sentences';
import { createFormatters } from '../../renderer/src/i18n/format';
import { en } from '../../renderer/src/i18n/messages/en';
import { createTranslator } from '../../renderer/src/i18n/translate';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const running: Kiosk[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((kiosk) => kiosk.close()));
});

const i18n = { t: createTranslator(en, 'en-GB'), fmt: createFormatters({ locale: 'en-GB', timeZone: 'Europe/London', currency: 'GBP' }) };
// 2026-06-01 09:00 in London (BST): a day's filter must count the site's midnight, not UTC's.
const JUNE_1_0900 = Date.UTC(2026, 5, 1, 8, 0);
const HOUR = 3_600_000;

async function kioskWithClock() {
  const clock = manualClock(JUNE_1_0900);
  const kiosk = await startTestKiosk(tempDir(), { clock: clock.now });
  running.push(kiosk);
  const sam = await loggedIn(kiosk, ...DEMO.supervisor);
  const admin = await loggedIn(kiosk, ...DEMO.admin);
  const anna = await loggedIn(kiosk, ...DEMO.attendant);
  return { kiosk, clock, sam, admin, anna };
}

describe('audit log', () => {
  it('records before and after for edits of rate tables, access lists, settings and users', async () => {
    const { kiosk, clock, sam, admin } = await kioskWithClock();
    const { tables } = await expectOk(sam, 'tariffs.list', {});
    const standard = tables.find((t) => t.id === 'car-standard')!;
    await expectOk(sam, 'tariffs.save', { table: { ...standard, version: standard.version + 1, effectiveFrom: clock.now() + HOUR, dailyMaxMinor: 2000 }, reason: 'council cap' });
    const permit = { id: 'p-audit', kind: 'monthly', holder: 'Audit Ltd', plateKeys: ['AU57ABC'], maxInside: 1, validFrom: '2026-01-01', validUntil: '2026-12-31', zones: [], hours: [], note: '' };
    await expectOk(sam, 'access.save', { record: { kind: 'permit', definition: permit }, reason: 'new contract' });
    await expectOk(sam, 'access.save', { record: { kind: 'permit', definition: { ...permit, maxInside: 2 } }, reason: 'second car' });
    const { settings } = await expectOk(admin, 'settings.get', {});
    await expectOk(admin, 'settings.save', { settings: { ...settings, evidenceRetentionDays: 60 }, reason: 'longer disputes' });
    const anna = kiosk.store.users.byUsername('anna')!;
    await expectOk(admin, 'users.update', { id: anna.id, role: 'supervisor' });

    const entries = kiosk.store.audit.list({ limit: 6 });
    const sentences = entries.map((e) => auditSentence(e, i18n));
    expect(sentences).toEqual([
      'anna was logged out by the kiosk, reason: role_changed',
      `admin changed user ${anna.id} role from attendant to supervisor`,
      'admin changed the site settings plate photos kept from 30 days to 60 days, reason: longer disputes',
      'sam changed permit p-audit (Audit Ltd) cars inside at once from 1 to 2, reason: second car',
      'sam added permit p-audit (Audit Ltd), reason: new contract',
      'sam changed Standard (car) daily maximum from £24.00 to £20.00, reason: council cap',
    ]);
    expect(verifyAuditChain(kiosk.store.audit.iterate())).toMatchObject({ ok: true });
  });

  it('filters by site-local days, user, action and subject, pages, and answers supervisors only', async () => {
    const { kiosk, clock, sam, anna } = await kioskWithClock();
    const { shift } = await expectOk(anna, 'shifts.open', { floatMinor: 5000 });
    clock.set(Date.UTC(2026, 5, 1, 23, 30)); // 00:30 on 2 June in London, still 1 June in UTC
    await expectOk(anna, 'shifts.cashMovement', { kind: 'paid_in', amountMinor: 1000, reason: 'change float', idempotencyKey: 'float-top-up-1' });
    const list = async (query: Record<string, unknown>) => (await expectOk(sam, 'audit.list', query)).entries.map((e: AuditEntry) => `${e.action} ${e.subject ?? ''}`.trim());

    expect(await list({ fromDate: '2026-06-02', toDate: '2026-06-02' })).toEqual([`shift.paid_in shift:${shift.id}`]);
    expect(await list({ toDate: '2026-06-01', actor: 'anna' })).toEqual([`shift.open shift:${shift.id}`, `auth.login user:${kiosk.store.users.byUsername('anna')!.id}`]);
    expect(await list({ action: 'shift.open' })).toEqual([`shift.open shift:${shift.id}`]);
    expect(await list({ subject: 'shift' })).toEqual([`shift.paid_in shift:${shift.id}`, `shift.open shift:${shift.id}`]);
    expect(await list({ subject: `shift:${shift.id}`, limit: 1 })).toEqual([`shift.paid_in shift:${shift.id}`]);
    const [newest] = (await expectOk(sam, 'audit.list', { limit: 1 })).entries;
    expect((await expectOk(sam, 'audit.list', { beforeSeq: newest!.seq, limit: 500 })).entries.every((e: AuditEntry) => e.seq < newest!.seq)).toBe(true);

    expect(await anna.call('audit.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await sam.call('audit.list', { fromDate: '2026-06-03', toDate: '2026-06-02' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('the first day is after the last day') } });
    expect(await sam.call('audit.list', { fromDate: '2026-02-30' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('not a day of the calendar') } });
    expect(await sam.call('audit.list', { action: 'shift.teleport' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('not an action the kiosk records') } });
  });

  it('has a sentence for every action code the core writes: no code, no placeholder left in it', () => {
    for (const action of AUDIT_ACTIONS) {
      const sentence = auditSentence({ seq: 1, at: JUNE_1_0900, actor: 'sam', action, subject: 'session:3', detail: { amountMinor: 350, reason: 'test' } }, i18n);
      expect(sentence, action).not.toContain(action);
      expect(sentence, action).not.toMatch(/[{}]/);
      expect(sentence, action).toContain('reason: test');
    }
  });
});
