/**
 * A kiosk (real SQLite file) whose booth printer is an ESC/POS printer simulator on a real TCP socket, reached
 * through the real driver; and a cash payment to print. Shared by the printing and invoice tests.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskConnection } from '../../electron/kiosk/connection';
import type { Kiosk, KioskConfig } from '../../electron/kiosk/kiosk';
import { EscPosPrinterSimulator, servePrinterTcp, type HostedPrinter } from '../../native/printer';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';

export const START = Date.UTC(2026, 10, 23, 10, 0);
export const PRINTER = 'booth-printer';
const DEMO_SITE = join(import.meta.dirname, '../../resources/demo-site.json');

export type Clock = ReturnType<typeof manualClock>;

/** The demo site with its printers replaced (a real site's file names its own). */
export function siteFileWith(dir: string, printers: unknown[]): string {
  const site = JSON.parse(readFileSync(DEMO_SITE, 'utf8')) as Record<string, unknown>;
  const file = join(dir, 'site.json');
  writeFileSync(file, JSON.stringify({ ...site, printers }));
  return file;
}

export interface Booth {
  kiosk: Kiosk;
  clock: Clock;
  anna: KioskConnection;
  simulator: EscPosPrinterSimulator;
  hosted: HostedPrinter;
  close(): Promise<void>;
}

/** A kiosk in `dir` whose booth printer is the simulator on 127.0.0.1, as a network printer's raw port. */
export async function boothWithPrinter(dir: string, overrides: Partial<KioskConfig> = {}): Promise<Booth> {
  const simulator = new EscPosPrinterSimulator();
  const hosted = await servePrinterTcp(simulator);
  const clock = manualClock(START);
  const printers = [{ id: PRINTER, laneId: null, config: { transport: 'tcp', host: '127.0.0.1', port: hosted.port } }];
  const kiosk = await startTestKiosk(join(dir, 'data'), { clock: clock.now, siteFile: siteFileWith(dir, printers), ...overrides });
  const anna = await loggedIn(kiosk, ...DEMO.attendant);
  const close = async () => {
    await kiosk.close();
    await hosted.close();
  };
  return { kiosk, clock, anna, simulator, hosted, close };
}

/** Parks a car for two hours and takes cash for it (opening the attendant's shift if need be); its receipt number. */
export async function cashPayment(anna: KioskConnection, clock: Clock, plate = 'AB12CDE'): Promise<number> {
  if (!(await expectOk(anna, 'shifts.drawer', {})).drawer) await expectOk(anna, 'shifts.open', { floatMinor: 5000 });
  const { session } = await expectOk(anna, 'sessions.manualEntry', { plate, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: 'camera down' });
  clock.advance(120 * 60_000);
  const { quote } = await expectOk(anna, 'payments.quote', { sessionId: session.id });
  const paid = await expectOk(anna, 'payments.payCash', { sessionId: session.id, idempotencyKey: `k-${randomUUID()}`, amountMinor: quote.dueMinor, currency: 'GBP', tenderedMinor: 2000 });
  return paid.payment.receiptNo;
}

/** The audit rows of `kind` ('receipt' or 'invoice') prints and issues, detail parsed. */
export function auditsOf(kiosk: Kiosk, kind: 'receipt' | 'invoice'): { action: string; subject: string; detail: unknown }[] {
  const rows = kiosk.store.db.prepare('SELECT action, subject, detail FROM audit_log WHERE action LIKE ? ORDER BY seq').all(`${kind}.%`) as { action: string; subject: string; detail: string }[];
  return rows.map((row) => ({ ...row, detail: JSON.parse(row.detail) as unknown }));
}
