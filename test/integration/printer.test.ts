/**
 * The ESC/POS receipt printer driver against the printer simulator, over both wires a booth printer hangs off: a
 * network printer's raw TCP port and a serial line (a real socat pty pair). The same cases run on both.
 */
import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createReceiptPrinter, EscPos, EscPosPrinterSimulator, isPrinterError, servePrinterSerial, servePrinterTcp, type HostedPrinter, type ReceiptPrinter } from '../../native/printer';
import { openPtyPair, socatAvailable, type PtyPair } from '../../native/relay/simulators/pty-pair';
import { ifAvailable, requirement, type Requirement } from '../support/requires';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig {
  simulator: EscPosPrinterSimulator;
  printer: ReceiptPrinter;
}

const receipt = (no: number) => new EscPos().align('left').bold(true).line('Harbour Street Car Park').bold(false).line(`Receipt ${no}`).line('TOTAL          GBP 7.00').align('centre').qr(`LK1|R-${no}`).cut().bytes();

async function tcpRig(): Promise<Rig> {
  const simulator = new EscPosPrinterSimulator();
  const hosted = await servePrinterTcp(simulator);
  cleanups.push(() => hosted.close());
  return { simulator, printer: createReceiptPrinter({ id: 'booth', transport: 'tcp', host: '127.0.0.1', port: hosted.port }, { answerTimeoutMs: 500 }) };
}

async function serialRig(): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'lotkeeper-printer-'));
  const pair: PtyPair = await openPtyPair(dir, 'printer');
  const simulator = new EscPosPrinterSimulator();
  const hosted: HostedPrinter = await servePrinterSerial(simulator, pair.board);
  cleanups.push(async () => {
    await hosted.close();
    await pair.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { simulator, printer: createReceiptPrinter({ id: 'booth', transport: 'serial', path: pair.kiosk }, { answerTimeoutMs: 500 }) };
}

const rigs: [string, () => Promise<Rig>, Requirement][] = [
  ['network printer (TCP 9100)', tcpRig, requirement('installed', () => null)],
  ['serial printer (pty pair)', serialRig, requirement('installed', () => (socatAvailable() ? null : 'socat is missing (.ci/run installs it)'))],
];

describe.each(rigs)('the receipt printer: %s', (_name, rig, needs) => {
  const withRig = ifAvailable(needs);
  withRig.it('prints a receipt the way it was sent: lines, bold heading, its QR code, one page per cut', async () => {
    const { simulator, printer } = await rig();
    expect(await printer.print(receipt(1))).toEqual({ paperLow: false });
    expect(simulator.pages).toEqual([{ lines: ['Harbour Street Car Park', 'Receipt 1', 'TOTAL          GBP 7.00'], bold: ['Harbour Street Car Park'], qr: ['LK1|R-1'] }]);
    expect(simulator.errors).toEqual([]);
  });

  withRig.it('prints jobs one at a time, in the order they were given', async () => {
    const { simulator, printer } = await rig();
    await Promise.all([1, 2, 3].map((no) => printer.print(receipt(no))));
    expect(simulator.pages.map((page) => page.lines[1])).toEqual(['Receipt 1', 'Receipt 2', 'Receipt 3']);
  });

  withRig.it('sends nothing to a printer out of paper or with its cover open, and says which', async () => {
    const { simulator, printer } = await rig();
    simulator.state.paperOut = true;
    await expect(printer.print(receipt(1))).rejects.toMatchObject({ code: 'paper_out', message: 'booth: out of paper; nothing was printed' });
    simulator.state.paperOut = false;
    simulator.state.coverOpen = true;
    await expect(printer.print(receipt(1))).rejects.toMatchObject({ code: 'cover_open' });
    expect(await printer.status()).toEqual({ problems: ['cover_open'], paperLow: false });
    expect(simulator.pages).toEqual([]);
    expect(simulator.errors).toEqual([]);
  });

  withRig.it('prints on a roll near its end, and says so', async () => {
    const { simulator, printer } = await rig();
    simulator.state.paperLow = true;
    expect(await printer.print(receipt(1))).toEqual({ paperLow: true });
    expect(simulator.pages).toHaveLength(1);
  });
});

describe('the receipt printer, when there is no printer to talk to', () => {
  it('reports a network printer nobody answers at as unreachable, within the connect timeout', async () => {
    const closed = await servePrinterTcp(new EscPosPrinterSimulator());
    await closed.close();
    const printer = createReceiptPrinter({ id: 'booth', transport: 'tcp', host: '127.0.0.1', port: closed.port });
    const error: unknown = await printer.print(receipt(1)).catch((e: unknown) => e);
    expect(isPrinterError(error) && error.code).toBe('unreachable');
  });

  it('reports a device that takes the connection but never answers a status request as unreachable, and prints nothing', async () => {
    const received: Buffer[] = [];
    const mute: Server = createServer((socket) => socket.on('data', (bytes: Buffer) => received.push(bytes)));
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => mute.close(() => resolve())));
    const { port } = mute.address() as { port: number };
    const printer = createReceiptPrinter({ id: 'booth', transport: 'tcp', host: '127.0.0.1', port }, { answerTimeoutMs: 300 });
    await expect(printer.print(receipt(1))).rejects.toMatchObject({ code: 'unreachable', message: expect.stringMatching(/no answer within 300 ms/) });
    // Only the first status request went out: no receipt bytes to something that is not a ready printer.
    expect(Buffer.concat(received)).toEqual(Buffer.from([0x10, 0x04, 1]));
  });

  it('refuses a config that names no printer, with the field at fault', () => {
    expect(() => createReceiptPrinter({ id: 'booth', transport: 'usb' })).toThrow(/transport must be "tcp" or "serial"/);
    expect(() => createReceiptPrinter({ id: 'booth', transport: 'tcp', host: '' })).toThrow(/host: the printer host is empty/);
    expect(() => createReceiptPrinter({ id: 'booth', transport: 'tcp', host: 'p', port: 70_000 })).toThrow(/port: port is 1\.\.65535/);
  });
});
