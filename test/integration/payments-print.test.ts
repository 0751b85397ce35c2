/**
 * Printing receipts on a real kiosk (real SQLite file) whose booth printer is an ESC/POS printer simulator on a real
 * TCP socket, reached through the real driver: what comes out on paper, first print and reprints in the audit log,
 * paper out, a printer nobody answers at, and the printer's health on the devices panel.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kiosk, KioskConfig } from '../../electron/kiosk/kiosk';
import { readSiteFile } from '../../electron/kiosk/site-file';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';
import { attempt } from './payments-helpers';
import { auditsOf, boothWithPrinter, cashPayment, PRINTER, siteFileWith, START, type Booth } from './payments-print-helpers';

const tempDir = useTempDirs();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function booth(overrides: Partial<KioskConfig> = {}): Promise<Booth> {
  const started = await boothWithPrinter(tempDir(), overrides);
  cleanups.push(started.close);
  return started;
}

const printAudits = (kiosk: Kiosk) => auditsOf(kiosk, 'receipt');
const printerHealth = (kiosk: Kiosk) => kiosk.services.devices.list().find((d) => d.id === PRINTER);

async function until(check: () => boolean, ms = 3_000): Promise<void> {
  for (const start = Date.now(); !check(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
  }
}

describe('printing receipts on the booth printer', () => {
  it('prints the stored receipt, its lines and QR code, and audits the first print as printed and the next as a reprint', async () => {
    const { kiosk, clock, anna, simulator } = await booth();
    const no = await cashPayment(anna, clock);

    expect(await expectOk(anna, 'payments.printReceipt', { no })).toEqual({ printerId: PRINTER, paperLow: false, reprint: false });
    const [page] = simulator.pages;
    expect(page!.lines.join('\n')).toMatch(/Harbour Street Car Park\n\s+Receipt 1\n[\s\S]*Plate\s+AB12CDE[\s\S]*TOTAL\s+GBP 6\.50\nincl\. tax 20\.00%\s+GBP 1\.08\nPaid by\s+cash\nTendered\s+GBP 20\.00\nChange\s+GBP 13\.50\nServed by\s+anna/);
    expect(page!.bold).toEqual([expect.stringMatching(/^\s+Receipt 1$/)]);
    expect(page!.qr).toEqual([expect.stringMatching(/^LOTK-R\|Harbour Street Car Park\|receipt\|1\|650\|GBP\|\d+$/)]);
    expect(simulator.errors).toEqual([]);

    expect(await expectOk(anna, 'payments.printReceipt', { no, printerId: PRINTER })).toEqual({ printerId: PRINTER, paperLow: false, reprint: true });
    expect(simulator.pages).toHaveLength(2);
    expect(simulator.pages[1]).toEqual(page); // a reprint is the same receipt
    expect(printAudits(kiosk)).toEqual([
      { action: 'receipt.printed', subject: 'receipt:1', detail: { printerId: PRINTER, copy: 1, paperLow: false } },
      { action: 'receipt.reprinted', subject: 'receipt:1', detail: { printerId: PRINTER, copy: 2, paperLow: false } },
    ]);
    // Audit rows travel to head office: a reprint is a fraud signal there too.
    expect(kiosk.store.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'audit' AND payload LIKE '%receipt.reprinted%'").pluck().get()).toBe(1);
    expect(printerHealth(kiosk)).toMatchObject({ kind: 'printer', laneId: null, healthy: true, detail: 'ready' });
  });

  it('prints nothing and records nothing on a printer out of paper, says so, and shows it on the devices panel', async () => {
    const { kiosk, clock, anna, simulator } = await booth();
    const no = await cashPayment(anna, clock);
    simulator.state.paperOut = true;

    expect(await attempt(anna, 'payments.printReceipt', { no })).toEqual({ ok: false, error: { code: 'conflict', message: 'Printer booth-printer: out of paper; nothing was printed' } });
    expect(simulator.pages).toEqual([]);
    expect(simulator.errors).toEqual([]);
    expect(printAudits(kiosk)).toEqual([]);
    expect(printerHealth(kiosk)).toMatchObject({ healthy: false, detail: 'out of paper' });

    simulator.state.paperOut = false;
    simulator.state.paperLow = true; // a fresh roll that is nearly done
    expect(await expectOk(anna, 'payments.printReceipt', { no })).toEqual({ printerId: PRINTER, paperLow: true, reprint: false });
    expect(printAudits(kiosk).map((a) => a.action)).toEqual(['receipt.printed']);
    expect(printerHealth(kiosk)).toMatchObject({ healthy: true, detail: 'paper low: change the roll soon' });
  });

  it('says within 2 s that a printer nobody answers at cannot be reached, recording nothing', async () => {
    const { kiosk, clock, anna, hosted } = await booth();
    const no = await cashPayment(anna, clock);
    await hosted.close();

    const started = Date.now();
    const result = await attempt(anna, 'payments.printReceipt', { no });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^Printer booth-printer cannot be reached \(printer at 127\.0\.0\.1:\d+: .+\): check its power and cable, then print again$/) } });
    expect(printAudits(kiosk)).toEqual([]);
    expect(printerHealth(kiosk)).toMatchObject({ healthy: false, detail: expect.stringMatching(/^unreachable: /) });
  });

  it('asks the printer how it is in the background, so an open cover shows before anyone prints', async () => {
    const { kiosk, simulator } = await booth({ payments: { printerPollMs: 100 } });
    await until(() => printerHealth(kiosk)?.detail === 'ready');
    simulator.state.coverOpen = true;
    await until(() => printerHealth(kiosk)?.detail === 'cover open');
    expect(printerHealth(kiosk)?.healthy).toBe(false);
  });

  it('refuses a receipt that does not exist, a printer that is not set up and bad input, printing nothing', async () => {
    const { kiosk, clock, anna, simulator } = await booth();
    const no = await cashPayment(anna, clock);
    expect(await attempt(anna, 'payments.printReceipt', { no: 99 })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'receipt 99 does not exist' } });
    expect(await attempt(anna, 'payments.printReceipt', { no, printerId: 'lane-9' })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'printer lane-9 does not exist' } });
    expect(await attempt(anna, 'payments.printReceipt', { no: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await attempt(anna, 'payments.printReceipt', { no, printerId: 'Booth Printer' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(simulator.pages).toEqual([]);
    expect(printAudits(kiosk)).toEqual([]);
  });
});

describe('the printers a site file names', () => {
  it("runs the demo site's simulated printer through the real TCP driver", async () => {
    const clock = manualClock(START);
    const kiosk = await startTestKiosk(join(tempDir(), 'data'), { clock: clock.now });
    cleanups.push(() => kiosk.close());
    const anna = await loggedIn(kiosk, ...DEMO.attendant);
    const no = await cashPayment(anna, clock);
    expect(await expectOk(anna, 'payments.printReceipt', { no })).toEqual({ printerId: PRINTER, paperLow: false, reprint: false });
    expect(printerHealth(kiosk)).toMatchObject({ healthy: true, detail: 'ready' });
  });

  it('refuses a bad printer config on set-up, naming the printer and the field', () => {
    const dir = tempDir();
    const bad = (printer: unknown) => () => readSiteFile(siteFileWith(dir, [printer]));
    expect(bad({ id: 'p1', config: { transport: 'tcp', host: '' } })).toThrow(/printers\.0\.config \(printer "p1"\): host: the printer host is empty/);
    expect(bad({ id: 'p1', config: { transport: 'usb' } })).toThrow(/printers\.0\.config \(printer "p1"\): .*transport must be "tcp" or "serial"/);
    expect(bad({ id: 'p1', config: { transport: 'serial', path: '/dev/ttyS0', baudRate: -1 } })).toThrow(/baudRate: baudRate must be positive/);
    expect(bad({ id: 'booth', config: { driver: 'simulated' } })).toThrow(/printers\.0\.id: "booth" is already a device's/);
    expect(bad({ id: 'p1', laneId: 'in1', config: { driver: 'simulated' } })).toThrow(/printers\.0\.laneId: "in1" is not an exit lane/);
  });
});
