import { afterEach, describe, expect, it } from 'vitest';
import { EscPosPrinterSimulator, servePrinterTcp, type HostedPrinter } from '../../../native/printer';
import { DeviceRegistry } from '../devices';
import { EventBus } from '../events';
import { connectionOf, storedConfigOf, testSlip } from './printer-settings';
import { buildPrinters, type PrinterRegistry } from './printers';

const site = { name: 'Harbour Street Car Park', currency: 'GBP', locale: 'en-GB', timeZone: 'Europe/London', taxRateBp: 2000 };
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function hosted(): Promise<{ simulator: EscPosPrinterSimulator; hosted: HostedPrinter }> {
  const simulator = new EscPosPrinterSimulator();
  const server = await servePrinterTcp(simulator);
  cleanups.push(() => server.close());
  return { simulator, hosted: server };
}

async function until(check: () => boolean, ms = 3_000): Promise<void> {
  for (const start = Date.now(); !check(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() - start > ms) throw new Error('condition not met in time');
  }
}

describe('printer settings', () => {
  it('stores a connection as its driver config and reads it back with the defaults filled in', () => {
    expect(storedConfigOf({ transport: 'simulated' })).toEqual({ driver: 'simulated' });
    expect(storedConfigOf({ transport: 'tcp', host: '10.0.0.9', port: 9100 })).toEqual({ transport: 'tcp', host: '10.0.0.9', port: 9100 });
    expect(connectionOf('p', { driver: 'simulated' })).toEqual({ transport: 'simulated' });
    expect(connectionOf('p', { transport: 'tcp', host: '10.0.0.9' })).toEqual({ transport: 'tcp', host: '10.0.0.9', port: 9100 });
    expect(connectionOf('p', { transport: 'serial', path: 'COM3' })).toEqual({ transport: 'serial', path: 'COM3', baudRate: 9600 });
  });

  it('renders a test slip the printer takes: which printer, where, when (site time) and who, then a cut', () => {
    const simulator = new EscPosPrinterSimulator();
    simulator.receive(testSlip(site, { id: 'out1-printer', where: 'Exit 1' }, Date.UTC(2026, 6, 1, 9, 5), 'sam'));
    expect(simulator.errors).toEqual([]);
    expect(simulator.pages).toEqual([
      {
        lines: ['TEST PRINT', 'Harbour Street Car Park', 'Printer: out1-printer', 'Serves:  Exit 1', 'Time:    01/07/2026, 10:05', 'By:      sam', 'If you can read this, the printer works.'],
        bold: ['TEST PRINT'],
        qr: [],
      },
    ]);
  });
});

describe('the printer registry, reconfigured while it runs', () => {
  const registry = (records: Parameters<typeof buildPrinters>[0], devices: DeviceRegistry): PrinterRegistry => {
    const printers = buildPrinters(records, devices, () => undefined);
    cleanups.push(() => printers.close());
    return printers;
  };

  it('replaces a printer: the new config prints at once, the old driver is let go and its news is no longer shown', async () => {
    const devices = new DeviceRegistry(new EventBus());
    const first = await hosted();
    const second = await hosted();
    const printers = registry([{ id: 'booth-2', laneId: null, config: { transport: 'tcp', host: '127.0.0.1', port: first.hosted.port } }], devices);
    await printers.print(Uint8Array.of(0x0a, 0x1d, 0x56, 0x42, 3), 'booth-2');
    expect(first.simulator.pages).toHaveLength(1);

    await printers.replace({ id: 'booth-2', laneId: 'out1', config: { transport: 'tcp', host: '127.0.0.1', port: second.hosted.port } });
    await until(() => devices.list().find((d) => d.id === 'booth-2')?.detail === 'ready');
    expect(devices.list().find((d) => d.id === 'booth-2')).toMatchObject({ laneId: 'out1', healthy: true });
    expect(await printers.test(testSlip(site, { id: 'booth-2', where: 'Exit 1' }, 0, 'admin'), 'booth-2')).toEqual({ printerId: 'booth-2', printed: true, status: 'ready', detail: 'printed; the printer is ready' });
    expect(second.simulator.pages).toHaveLength(1);
    expect(first.simulator.pages).toHaveLength(1);
    expect(printers.list()).toEqual([{ id: 'booth-2', laneId: 'out1' }]);
  });

  it('answers a test print on a printer in trouble with its problem, not an error', async () => {
    const devices = new DeviceRegistry(new EventBus());
    const { simulator, hosted: server } = await hosted();
    const printers = registry([{ id: 'p', laneId: null, config: { transport: 'tcp', host: '127.0.0.1', port: server.port } }], devices);
    simulator.state.coverOpen = true;
    expect(await printers.test(Uint8Array.of(0x0a), 'p')).toEqual({ printerId: 'p', printed: false, status: 'cover_open', detail: 'p: the cover is open; nothing was printed' });
    simulator.state.coverOpen = false;
    simulator.state.paperLow = true;
    expect(await printers.test(Uint8Array.of(0x0a), 'p')).toMatchObject({ printed: true, status: 'paper_low' });
    await expect(printers.test(Uint8Array.of(0x0a), 'nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('shows a printer replaced by a bad config as a faulty device and drops it from the list', async () => {
    const devices = new DeviceRegistry(new EventBus());
    const printers = registry([{ id: 'p', laneId: null, config: { driver: 'simulated' } }], devices);
    await printers.replace({ id: 'p', laneId: null, config: { transport: 'tcp', host: '' } });
    expect(printers.list()).toEqual([]);
    expect(devices.list()).toEqual([{ id: 'p', kind: 'printer', laneId: null, healthy: false, detail: expect.stringMatching(/^bad config: .*host/) }]);
  });
});
