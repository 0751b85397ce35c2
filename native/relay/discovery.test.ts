/**
 * SerialPort.list() never lists ptys, so the matching that finds a board again under a new /dev name is tested
 * here as a pure function, on list() output in the shape @serialport/bindings-cpp's Linux (udev) lister returns:
 * manufacturer from ID_VENDOR_ENC, serialNumber from ID_SERIAL_SHORT, vendor/product ids as lowercase hex,
 * pnpId from the by-id DEVLINK. The ids are those of the usual relay-board chips (CH340 1a86:7523 with no serial
 * number, FTDI 0403:6001, Numato 2a19:0c05).
 */
import { describe, expect, it } from 'vitest';
import { listSerialPorts, matchPort, type SerialPortInfo } from './discovery';

const udev = (path: string, fields: Partial<SerialPortInfo>): SerialPortInfo => ({
  path,
  manufacturer: undefined,
  serialNumber: undefined,
  pnpId: undefined,
  locationId: undefined,
  vendorId: undefined,
  productId: undefined,
  ...fields,
});

const before: SerialPortInfo[] = [
  udev('/dev/ttyS0', {}),
  udev('/dev/ttyUSB0', { manufacturer: 'FTDI', serialNumber: 'A50285BI', vendorId: '0403', productId: '6001', pnpId: 'usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0' }),
  udev('/dev/ttyUSB1', { manufacturer: '1a86', vendorId: '1a86', productId: '7523', pnpId: 'usb-1a86_USB_Serial-if00-port0' }),
  udev('/dev/ttyACM0', { manufacturer: 'Numato_Systems_Pvt._Ltd.', serialNumber: 'NL8R00012', vendorId: '2a19', productId: '0c05', pnpId: 'usb-Numato_Systems_Pvt._Ltd._Numato_Lab_8_Channel_USB_Relay_Module_NL8R00012-if00' }),
];
// The FTDI board unplugged and plugged back after the CH340 was re-enumerated: it is ttyUSB2 now.
const after: SerialPortInfo[] = [before[0]!, { ...before[2]!, path: '/dev/ttyUSB0' }, before[3]!, { ...before[1]!, path: '/dev/ttyUSB2' }];

describe('finding a board by its USB identity', () => {
  it('finds the board by serial number, and again under its new /dev name', () => {
    expect(matchPort(before, { serialNumber: 'A50285BI' })).toEqual({ path: '/dev/ttyUSB0' });
    expect(matchPort(after, { serialNumber: 'A50285BI' })).toEqual({ path: '/dev/ttyUSB2' });
    expect(matchPort(after, { serialNumber: 'NL8R00012', vendorId: '2a19', productId: '0c05' })).toEqual({ path: '/dev/ttyACM0' });
  });

  it('compares USB ids without regard to case (Windows reports them upper case)', () => {
    expect(matchPort([{ path: 'COM4', vendorId: '1A86', productId: '7523' }], { vendorId: '1a86', productId: '7523' })).toEqual({ path: 'COM4' });
  });

  it('serial numbers must match exactly', () => {
    expect(matchPort(before, { serialNumber: 'a50285bi' })).toMatchObject({ error: expect.stringContaining('no serial port with serial number a50285bi') });
  });

  it('a CH340 without a serial number is found by vendor and product while it is the only one', () => {
    expect(matchPort(before, { vendorId: '1a86', productId: '7523' })).toEqual({ path: '/dev/ttyUSB1' });
    const two = [...before, udev('/dev/ttyUSB3', { vendorId: '1a86', productId: '7523' })];
    expect(matchPort(two, { vendorId: '1a86', productId: '7523' })).toEqual({
      error: '2 serial ports match vendor 1a86, product 7523: /dev/ttyUSB1, /dev/ttyUSB3; configure a serial number or a path',
    });
  });

  it('says what is missing when nothing matches, including ids that disagree with the serial number', () => {
    expect(matchPort([before[0]!], { serialNumber: 'A50285BI' })).toEqual({ error: 'no serial port with serial number A50285BI (is the board plugged in?)' });
    expect(matchPort(before, { serialNumber: 'A50285BI', vendorId: '1a86' })).toMatchObject({ error: expect.stringContaining('no serial port') });
    expect(matchPort([], { vendorId: '0403', productId: '6001' })).toMatchObject({ error: expect.stringContaining('vendor 0403, product 6001') });
  });

  it('lists ports sorted by path for the settings screen', async () => {
    expect((await listSerialPorts(async () => after)).map((port) => port.path)).toEqual(['/dev/ttyACM0', '/dev/ttyS0', '/dev/ttyUSB0', '/dev/ttyUSB2']);
  });

  it('lists the real ports of this machine through SerialPort.list() (udev), never a pty', async () => {
    const ports = await listSerialPorts();
    expect(Array.isArray(ports)).toBe(true);
    for (const port of ports) expect(port.path).not.toMatch(/^\/dev\/pts\//);
  });
});
