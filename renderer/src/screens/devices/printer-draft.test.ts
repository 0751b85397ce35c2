import { describe, expect, it } from 'vitest';
import { connectionSummary, emptyPrinterDraft, printerDraftOf, printerSettingsOf, unlistedPort } from './printer-draft';

const port = (path: string) => ({ path, manufacturer: null, serialNumber: null, vendorId: null, productId: null });

describe('the printer form draft', () => {
  it('builds a network printer at the booth, the port left to its default when blank', () => {
    expect(printerSettingsOf({ ...emptyPrinterDraft(), id: ' booth-2 ', host: ' 10.0.0.9 ', port: '' })).toEqual({ printer: { id: 'booth-2', laneId: null, connection: { transport: 'tcp', host: '10.0.0.9' } } });
    expect(printerSettingsOf({ ...emptyPrinterDraft(), id: 'p', laneId: 'out1', host: 'printer.local', port: '9101' })).toEqual({ printer: { id: 'p', laneId: 'out1', connection: { transport: 'tcp', host: 'printer.local', port: 9101 } } });
  });

  it('says which fields are empty or not a number, and leaves the rest to the kiosk', () => {
    expect(printerSettingsOf({ ...emptyPrinterDraft(), port: '91a' })).toEqual({ problems: { id: 'devices.required', host: 'devices.required', port: 'devices.wholeNumber' } });
    expect(printerSettingsOf({ ...emptyPrinterDraft(), id: 'p', transport: 'serial' })).toEqual({ problems: { path: 'devices.required' } });
    // A port out of range is the contract's to refuse, with its own words.
    expect(printerSettingsOf({ ...emptyPrinterDraft(), id: 'p', host: 'x', port: '70000' })).toMatchObject({ printer: { connection: { port: 70000 } } });
  });

  it('reads a stored printer back into the form, and a serial one out again', () => {
    const draft = printerDraftOf({ id: 'p', laneId: null, connection: { transport: 'serial', path: '/dev/ttyUSB0', baudRate: 19200 }, healthy: true, detail: 'ready' });
    expect(draft).toMatchObject({ id: 'p', laneId: '', transport: 'serial', path: '/dev/ttyUSB0', baudRate: '19200', host: '', port: '9100' });
    expect(printerSettingsOf(draft)).toEqual({ printer: { id: 'p', laneId: null, connection: { transport: 'serial', path: '/dev/ttyUSB0', baudRate: 19200 } } });
    expect(printerSettingsOf(printerDraftOf({ id: 'demo', laneId: null, connection: { transport: 'simulated' }, healthy: true, detail: '' }))).toEqual({ printer: { id: 'demo', laneId: null, connection: { transport: 'simulated' } } });
  });

  it('warns of a serial path the PC does not list, once the list is known', () => {
    const serial = { ...emptyPrinterDraft(), transport: 'serial' as const, path: '/dev/ttyUSB3' };
    expect(unlistedPort(serial, [port('/dev/ttyUSB0')])).toBe('/dev/ttyUSB3');
    expect(unlistedPort(serial, [port('/dev/ttyUSB3')])).toBeNull();
    expect(unlistedPort(serial, undefined)).toBeNull();
    expect(unlistedPort({ ...serial, transport: 'tcp' }, [])).toBeNull();
  });

  it('sums a connection up in one line', () => {
    expect(connectionSummary({ transport: 'tcp', host: '10.0.0.9', port: 9100 })).toBe('10.0.0.9:9100');
    expect(connectionSummary({ transport: 'serial', path: 'COM3', baudRate: 9600 })).toBe('COM3 · 9600 baud');
    expect(connectionSummary({ transport: 'simulated' })).toBeNull();
  });
});
