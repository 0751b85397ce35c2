import { describe, expect, it } from 'vitest';
import { parseRelayBoardConfig, RelayConfigError } from './config';

describe('relay board config', () => {
  it('fills the defaults', () => {
    expect(parseRelayBoardConfig({ id: 'in1', protocol: 'ch340', port: '/dev/ttyUSB0' })).toEqual({
      id: 'in1',
      protocol: 'ch340',
      port: '/dev/ttyUSB0',
      baudRate: 9600,
      channels: 8,
      inputs: 0,
      pulseMs: 500,
      timeoutMs: 500,
    });
  });

  it('accepts a USB identity and normalises its ids to lower case', () => {
    const config = parseRelayBoardConfig({ id: 'io', protocol: 'modbus', port: { serialNumber: 'A50285BI', vendorId: '0403', productId: '6001' }, modbusAddress: 3, inputs: 4 });
    expect(config.port).toEqual({ serialNumber: 'A50285BI', vendorId: '0403', productId: '6001' });
    expect(parseRelayBoardConfig({ id: 'x', protocol: 'ch340', port: { vendorId: '1A86', productId: '7523' } }).port).toEqual({ vendorId: '1a86', productId: '7523' });
  });

  const bad: [string, unknown, RegExp][] = [
    ['unknown protocol', { id: 'a', protocol: 'rs485', port: '/dev/x' }, /protocol: protocol must be "ch340", "ascii" or "modbus"/],
    ['empty id', { id: '', protocol: 'ascii', port: '/dev/x' }, /id: a relay board needs an id/],
    ['empty path', { id: 'a', protocol: 'ascii', port: '' }, /port/],
    ['USB port with no identity', { id: 'a', protocol: 'ascii', port: { vendorId: '0403' } }, /a USB port needs a serialNumber, or both vendorId and productId/],
    ['bad vendor id', { id: 'a', protocol: 'ascii', port: { serialNumber: 'x', vendorId: '403' } }, /4 hex digits/],
    ['modbus address out of range', { id: 'a', protocol: 'modbus', port: '/dev/x', modbusAddress: 0 }, /modbusAddress: modbusAddress is 1..247/],
    ['modbus address on another protocol', { id: 'a', protocol: 'ascii', port: '/dev/x', modbusAddress: 2 }, /only for protocol "modbus"/],
    ['inputs on a CH340', { id: 'a', protocol: 'ch340', port: '/dev/x', inputs: 2 }, /CH340 relay modules have no inputs/],
    ['too short a timeout', { id: 'a', protocol: 'ascii', port: '/dev/x', timeoutMs: 1 }, /timeoutMs is at least 20/],
    ['an unknown field (a typo)', { id: 'a', protocol: 'ascii', port: '/dev/x', pulsems: 300 }, /pulsems/],
  ];
  it.each(bad)('refuses %s with a message naming the field', (_name, input, message) => {
    expect(() => parseRelayBoardConfig(input)).toThrow(RelayConfigError);
    expect(() => parseRelayBoardConfig(input)).toThrow(message);
  });
});
