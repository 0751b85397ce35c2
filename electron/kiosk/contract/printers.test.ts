import { describe, expect, it } from 'vitest';
import { isPrinterHost, printerHostProblem, printerSettingsSchema } from './printers';

const issues = (input: unknown) => {
  const parsed = printerSettingsSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => [i.path.join('.'), i.message]);
};
const tcp = (host: unknown, port?: unknown) => ({ id: 'p1', laneId: null, connection: { transport: 'tcp', host, ...(port === undefined ? {} : { port }) } });

describe('a printer at the edge (contract/printers)', () => {
  it('takes host names and IP addresses, and nothing else', () => {
    for (const host of ['192.168.1.50', '10.0.0.9', 'printer', 'receipt-printer.local', 'tm-t20.booth.example.com', 'fe80::1', '2001:db8::7']) expect(isPrinterHost(host)).toBe(true);
    for (const host of ['printer one', '10.0.0.300', '1.2.3', '-printer', 'printer-.local', 'a_b.local', 'http://10.0.0.9', '10.0.0.9:9100', '']) expect(isPrinterHost(host)).toBe(false);
  });

  it('says what to fix about a host: the scheme or the port typed into it, or that it is no host at all', () => {
    expect(printerHostProblem('http://10.0.0.9')).toMatch(/no http:\/\//);
    expect(printerHostProblem('printer.local:9100')).toMatch(/the port goes in its own field/);
    expect(printerHostProblem('printer one')).toMatch(/not a host name or IP address/);
    expect(printerHostProblem('10.0.0.9')).toBeNull();
  });

  it('names each field at fault, with the port 1..65535 and a default of 9100', () => {
    expect(issues(tcp(' 10.0.0.9 '))).toEqual([]);
    expect(printerSettingsSchema.parse(tcp(' 10.0.0.9 ')).connection).toEqual({ transport: 'tcp', host: '10.0.0.9', port: 9100 });
    expect(issues(tcp('10.0.0.9', 0))).toEqual([['connection.port', 'the port is 1..65535']]);
    expect(issues(tcp('10.0.0.9', 65_536))).toEqual([['connection.port', 'the port is 1..65535']]);
    expect(issues(tcp('10.0.0.9', 91.5))).toEqual([['connection.port', 'the port is a whole number']]);
    expect(issues(tcp(''))).toEqual([['connection.host', "type the printer's host name or IP address"]]);
  });

  it('takes a serial port at the speeds printers use, and refuses an unknown transport or lane id', () => {
    const serial = (baudRate?: number) => ({ id: 'p1', laneId: 'out1', connection: { transport: 'serial', path: '/dev/ttyUSB0', ...(baudRate === undefined ? {} : { baudRate }) } });
    expect(printerSettingsSchema.parse(serial()).connection).toEqual({ transport: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 });
    expect(issues(serial(115_200))).toEqual([]);
    expect(issues(serial(1234))).toEqual([['connection.baudRate', 'the baud rate is one of 2400, 4800, 9600, 19200, 38400, 57600, 115200']]);
    expect(issues({ id: 'p1', laneId: null, connection: { transport: 'usb' } })).toEqual([['connection.transport', 'choose how the printer is connected: network (tcp), serial or simulated']]);
    expect(issues({ id: 'P 1', laneId: null, connection: { transport: 'simulated' } })).toEqual([['id', 'an id is 1-40 lower-case letters, digits or dashes']]);
  });
});
