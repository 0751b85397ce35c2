/**
 * Receipt printers set up from the console (printers.save) on a real kiosk (real SQLite file), against the ESC/POS
 * printer simulator on a real TCP socket reached through the real driver: save -> health on the devices panel ->
 * test print -> the slip on the simulator's paper; audit and outbox rows in the save's transaction; the edge's
 * field errors; roles checked in the core; a printer moved to a new address taking effect without a restart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { EscPosPrinterSimulator, servePrinterTcp, type HostedPrinter } from '../../native/printer';
import { DEMO, expectOk, loggedIn, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';

const tempDir = useTempDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function kioskWithAdmin(): Promise<{ kiosk: Kiosk; admin: KioskConnection }> {
  const kiosk = await startTestKiosk(tempDir());
  cleanups.push(() => kiosk.close());
  return { kiosk, admin: await loggedIn(kiosk, ...DEMO.admin) };
}

async function networkPrinter(): Promise<{ simulator: EscPosPrinterSimulator; hosted: HostedPrinter }> {
  const simulator = new EscPosPrinterSimulator();
  const hosted = await servePrinterTcp(simulator);
  cleanups.push(() => hosted.close());
  return { simulator, hosted };
}

const health = (kiosk: Kiosk, id: string) => kiosk.services.devices.list().find((d) => d.id === id);

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  for (const start = Date.now(); !check(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
  }
}

describe('receipt printers from the console', () => {
  it('adds a network printer at an exit lane: audited and in the outbox in one go, healthy at once, and a test print lands on its paper', async () => {
    const { kiosk, admin } = await kioskWithAdmin();
    const { simulator, hosted } = await networkPrinter();
    const printer = { id: 'out1-printer', laneId: 'out1', connection: { transport: 'tcp', host: '127.0.0.1', port: hosted.port } };

    const saved = await expectOk(admin, 'printers.save', { printer, isNew: true, reason: 'pay station printer installed' });
    expect(saved.warnings).toEqual([]);
    expect(saved.printer).toMatchObject({ id: 'out1-printer', laneId: 'out1', connection: { transport: 'tcp', host: '127.0.0.1', port: hosted.port } });
    expect(kiosk.store.printers.all().find((p) => p.id === 'out1-printer')).toEqual({ id: 'out1-printer', laneId: 'out1', config: { transport: 'tcp', host: '127.0.0.1', port: hosted.port } });

    // One transaction: the printer row, its audit row (with the audit's own outbox copy) and the printer's outbox row.
    const [row] = kiosk.store.audit.list({ limit: 1 });
    expect(row).toMatchObject({ actor: 'admin', action: 'printer.save', subject: 'printer:out1-printer', detail: { before: null, after: { laneId: 'out1', config: { transport: 'tcp', host: '127.0.0.1', port: hosted.port } }, reason: 'pay station printer installed' } });
    const outbox = kiosk.store.db.prepare("SELECT key, payload FROM outbox WHERE kind = 'printer'").all() as { key: string; payload: string }[];
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.key).toMatch(/^printer:out1-printer:\d+$/);
    expect(JSON.parse(outbox[0]!.payload)).toMatchObject({ id: 'out1-printer', laneId: 'out1', updatedBy: 'admin' });

    // Without a restart: the driver is opened and asked, and the devices panel shows the answer.
    await until(() => health(kiosk, 'out1-printer')?.healthy === true);
    expect(health(kiosk, 'out1-printer')).toEqual({ id: 'out1-printer', kind: 'printer', laneId: 'out1', healthy: true, detail: 'ready' });
    expect((await expectOk(admin, 'printers.list', {})).printers.map((p) => [p.id, p.healthy])).toEqual([['booth-printer', expect.any(Boolean)], ['out1-printer', true]]);

    const supervisor = await loggedIn(kiosk, ...DEMO.supervisor);
    expect(await expectOk(supervisor, 'printers.testPrint', { printerId: 'out1-printer' })).toEqual({ printerId: 'out1-printer', printed: true, status: 'ready', detail: 'printed; the printer is ready' });
    expect(simulator.pages).toHaveLength(1);
    expect(simulator.pages[0]!.lines).toEqual([
      'TEST PRINT',
      'Harbour Street Car Park',
      'Printer: out1-printer',
      'Serves:  Exit 1 (Harbour St)',
      expect.stringMatching(/^Time: {4}\S/),
      'By:      sam',
      'If you can read this, the printer works.',
    ]);
    expect(simulator.pages[0]!.bold).toEqual(['TEST PRINT']);
    expect(simulator.errors).toEqual([]);
    expect(kiosk.store.audit.list({ limit: 1 })[0]).toMatchObject({ actor: 'sam', action: 'printer.test_print', subject: 'printer:out1-printer', detail: { printed: true, status: 'ready' } });
  });

  it('a test print on a printer out of paper or with its cover open prints nothing, says which, and is audited', async () => {
    const { kiosk, admin } = await kioskWithAdmin();
    const { simulator, hosted } = await networkPrinter();
    await expectOk(admin, 'printers.save', { printer: { id: 'booth-2', laneId: null, connection: { transport: 'tcp', host: '127.0.0.1', port: hosted.port } }, isNew: true, reason: 'second booth printer' });
    simulator.state.paperOut = true;
    expect(await expectOk(admin, 'printers.testPrint', { printerId: 'booth-2' })).toEqual({ printerId: 'booth-2', printed: false, status: 'paper_out', detail: 'booth-2: out of paper; nothing was printed' });
    expect(health(kiosk, 'booth-2')).toMatchObject({ healthy: false, detail: 'out of paper' });
    simulator.state.paperOut = false;
    simulator.state.coverOpen = true;
    expect(await expectOk(admin, 'printers.testPrint', { printerId: 'booth-2' })).toMatchObject({ printed: false, status: 'cover_open' });
    expect(simulator.pages).toEqual([]);
    expect(kiosk.store.audit.list({ limit: 2 }).map((a) => [a.action, (a.detail as { status: string }).status])).toEqual([
      ['printer.test_print', 'cover_open'],
      ['printer.test_print', 'paper_out'],
    ]);
  });

  it('moves a printer to a new address at once: the old one is let go, the new one prints; a dead address reads unreachable', async () => {
    const { kiosk, admin } = await kioskWithAdmin();
    const first = await networkPrinter();
    const second = await networkPrinter();
    const save = (port: number, reason: string) => expectOk(admin, 'printers.save', { printer: { id: 'booth-2', laneId: null, connection: { transport: 'tcp', host: '127.0.0.1', port } }, reason });
    await save(first.hosted.port, 'installed');
    await save(second.hosted.port, 'replaced by the spare');
    expect((await expectOk(admin, 'printers.testPrint', { printerId: 'booth-2' })).printed).toBe(true);
    expect(first.simulator.pages).toEqual([]);
    expect(second.simulator.pages).toHaveLength(1);
    expect(kiosk.store.audit.list({ limit: 2 })[1]).toMatchObject({ action: 'printer.save', detail: { before: { config: { port: first.hosted.port } }, after: { config: { port: second.hosted.port } }, reason: 'replaced by the spare' } });

    await second.hosted.close();
    expect(await expectOk(admin, 'printers.testPrint', { printerId: 'booth-2' })).toMatchObject({ printed: false, status: 'unreachable', detail: expect.stringContaining(`127.0.0.1:${second.hosted.port}`) });
    expect(health(kiosk, 'booth-2')).toMatchObject({ healthy: false, detail: expect.stringMatching(/^unreachable: /) });
  });

  it('refuses, field by field, what is no printer, and stores nothing', async () => {
    const { kiosk, admin } = await kioskWithAdmin();
    const before = kiosk.store.printers.all();
    const save = (printer: unknown, isNew = true) => admin.call('printers.save', { printer, isNew, reason: 'new printer' });
    const tcp = (host: string, port: number) => ({ id: 'p2', laneId: null, connection: { transport: 'tcp', host, port } });

    expect(await save(tcp('printer one', 9100))).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'printer.connection.host', message: expect.stringContaining('not a host name or IP address') }] } });
    expect(await save(tcp('http://10.0.0.9', 9100))).toMatchObject({ ok: false, error: { issues: [{ path: 'printer.connection.host', message: expect.stringContaining('no http://') }] } });
    expect(await save(tcp('10.0.0.9:9100', 9100))).toMatchObject({ ok: false, error: { issues: [{ path: 'printer.connection.host', message: expect.stringContaining('the port goes in its own field') }] } });
    expect(await save(tcp('10.0.0.300', 9100))).toMatchObject({ ok: false, error: { issues: [{ path: 'printer.connection.host' }] } });
    expect(await save(tcp('10.0.0.9', 70_000))).toMatchObject({ ok: false, error: { issues: [{ path: 'printer.connection.port', message: 'the port is 1..65535' }] } });
    expect(await save(tcp('', 0))).toMatchObject({ ok: false, error: { issues: [{ path: 'printer.connection.host' }, { path: 'printer.connection.port' }] } });
    expect(await save({ id: 'p2', laneId: null, connection: { transport: 'serial', path: '/dev/ttyUSB0', baudRate: 1234 } })).toMatchObject({ ok: false, error: { issues: [{ path: 'printer.connection.baudRate', message: expect.stringContaining('9600') }] } });
    expect(await save({ id: 'p2', laneId: 'in1', connection: { transport: 'simulated' } })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('Entry 1 (Harbour St) is an entry lane') } });
    expect(await save({ id: 'p2', laneId: 'out9', connection: { transport: 'simulated' } })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'lane out9 does not exist at this site' } });
    expect(await save({ id: 'demo-board', laneId: null, connection: { transport: 'simulated' } })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('already the id of a device (relay)') } });
    expect(await save({ id: 'booth-printer', laneId: null, connection: { transport: 'simulated' } })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('booth-printer already exists') } });
    expect(kiosk.store.printers.all()).toEqual(before);
    expect(kiosk.store.audit.list({ limit: 1 })[0]?.action).not.toBe('printer.save');
  });

  it('saves a serial printer on a port this PC does not list, and warns', async () => {
    const { kiosk, admin } = await kioskWithAdmin();
    const saved = await expectOk(admin, 'printers.save', { printer: { id: 'out1-printer', laneId: 'out1', connection: { transport: 'serial', path: '/dev/ttyNOSUCH7' } }, isNew: true, reason: 'serial printer' });
    expect(saved.printer.connection).toEqual({ transport: 'serial', path: '/dev/ttyNOSUCH7', baudRate: 9600 });
    expect(saved.warnings).toEqual([expect.stringMatching(/\/dev\/ttyNOSUCH7 is not among the serial ports this PC lists now|could not be listed/)]);
    await until(() => health(kiosk, 'out1-printer')?.detail.startsWith('unreachable') === true);
    expect(kiosk.store.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'printer.save', detail: { warnings: saved.warnings } });
  });

  it('lets only an admin save and a supervisor or admin test-print, checked in the core', async () => {
    const { kiosk } = await kioskWithAdmin();
    const anna = await loggedIn(kiosk, ...DEMO.attendant);
    const sam = await loggedIn(kiosk, ...DEMO.supervisor);
    const printer = { id: 'p2', laneId: null, connection: { transport: 'simulated' } };
    for (const who of [anna, sam]) expect(await who.call('printers.save', { printer, isNew: true, reason: 'try' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await sam.call('printers.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await anna.call('printers.testPrint', { printerId: 'booth-printer' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await sam.call('printers.testPrint', { printerId: 'no-such-printer' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // A stored printer whose config its driver refuses (here written behind the kiosk's back) is said to be not running.
    kiosk.store.printers.save({ id: 'broken', laneId: null, config: { transport: 'tcp', host: '' } }, 'test', 0);
    await kiosk.services.payments.documents.printers.replace({ id: 'broken', laneId: null, config: { transport: 'tcp', host: '' } });
    expect(await sam.call('printers.testPrint', { printerId: 'broken' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^printer broken is not running \(bad config: .*host/) } });
    expect(kiosk.store.printers.all().map((p) => p.id)).toEqual(['booth-printer', 'broken']);
  });
});
