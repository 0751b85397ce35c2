import { describe, expect, it } from 'vitest';
import { modbusMapOf, parseRelayBoardConfig, RelayConfigError, serialSettingsText } from './config';

describe('relay board config', () => {
  it('fills the defaults', () => {
    expect(parseRelayBoardConfig({ id: 'in1', protocol: 'ch340', port: '/dev/ttyUSB0' })).toEqual({
      id: 'in1',
      protocol: 'ch340',
      port: '/dev/ttyUSB0',
      baudRate: 9600,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
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
    ['inputs on a CH340', { id: 'a', protocol: 'ch340', port: '/dev/x', inputs: 2 }, /inputs: LC Technology LCUS-1\/2\/4\/8 .* has no inputs/],
    ['a second relay on an HW-667', { id: 'a', protocol: 'ch340', profile: 'hw-667', port: '/dev/x', channels: 2 }, /channels: HW-667 .* has at most 1 channels/],
    ['a KMtronic size that does not exist', { id: 'a', protocol: 'ch340', profile: 'kmtronic', port: '/dev/x', channels: 3 }, /comes with 1, 2, 4, 8 relays: set channels to the board's own count/],
    ['more inputs than a KinCony reads', { id: 'a', protocol: 'ascii', profile: 'kincony', port: '/dev/x', inputs: 9 }, /inputs: KinCony .* has at most 8 inputs/],
    ['a text board\'s profile on a CH340', { id: 'a', protocol: 'ch340', profile: 'numato', port: '/dev/x' }, /profile: a "ch340" board's profile is one of lcus, kmtronic, hw-667 \("numato" is another protocol's\)/],
    ['too short a timeout', { id: 'a', protocol: 'ascii', port: '/dev/x', timeoutMs: 1 }, /timeoutMs is at least 20/],
    ['a parity the port cannot do', { id: 'a', protocol: 'modbus', port: '/dev/x', parity: 'mark' }, /parity: parity is "none", "even" or "odd"/],
    ['7 data bits on Modbus RTU', { id: 'a', protocol: 'modbus', port: '/dev/x', dataBits: 7 }, /dataBits: Modbus RTU frames are 8 data bits/],
    ['1.5 stop bits', { id: 'a', protocol: 'ascii', port: '/dev/x', stopBits: 1.5 }, /stopBits: stopBits is 1 or 2/],
    ['a unit id above 247', { id: 'a', protocol: 'modbus', port: '/dev/x', modbusAddress: 248 }, /modbusAddress: modbusAddress is 1..247/],
    [
      'two channels on one coil',
      { id: 'a', protocol: 'modbus', port: '/dev/x', channels: 3, registerMap: { relays: { kind: 'coil', addresses: [0, 1, 0] } } },
      /registerMap.relays.addresses.2: channels 1 and 3 both map to coil 0: each channel needs its own coil/,
    ],
    ['a map shorter than the board', { id: 'a', protocol: 'modbus', port: '/dev/x', channels: 4, registerMap: { relays: { kind: 'coil', addresses: [0, 1] } } }, /lists 2 addresses for 4 channels/],
    [
      'the same command word for on and off',
      { id: 'a', protocol: 'modbus', port: '/dev/x', channels: 1, registerMap: { relays: { kind: 'register', addresses: [1], on: 256, off: 256 } } },
      /on and off are the same command word/,
    ],
    ['inputs with nowhere to read them', { id: 'a', protocol: 'modbus', port: '/dev/x', channels: 1, inputs: 2, registerMap: { relays: { kind: 'coil', addresses: [0] } } }, /registerMap has no inputs/],
    ['more channels than the profile board has', { id: 'a', protocol: 'modbus', port: '/dev/x', profile: 'waveshare-relay', channels: 16 }, /at most 8 channels/],
    ['inputs on a board without', { id: 'a', protocol: 'modbus', port: '/dev/x', profile: 'eletechsup-r4d3b16', channels: 16, inputs: 2 }, /has no inputs/],
    ['an unknown profile', { id: 'a', protocol: 'modbus', port: '/dev/x', profile: 'acme' }, /profile: profile is one of generic-coils, waveshare-relay/],
    ['a Modbus profile on an ASCII board', { id: 'a', protocol: 'ascii', port: '/dev/x', profile: 'waveshare-relay' }, /a "ascii" board's profile is one of numato, kincony/],
    ['a register map on an ASCII board', { id: 'a', protocol: 'ascii', port: '/dev/x', registerMap: { relays: { kind: 'coil', addresses: [0] } } }, /registerMap is only for protocol "modbus"/],
    ['an unknown field (a typo)', { id: 'a', protocol: 'ascii', port: '/dev/x', pulsems: 300 }, /pulsems/],
  ];
  it('gives an old Modbus config the generic coil map, and a profile its board\'s table', () => {
    expect(modbusMapOf(parseRelayBoardConfig({ id: 'a', protocol: 'modbus', port: '/dev/x', channels: 2 }))).toEqual({
      relays: { kind: 'coil', write: 'single', addresses: [0, 1] },
      inputs: { source: 'discrete', start: 0 },
    });
    const r4d3b16 = parseRelayBoardConfig({ id: 'a', protocol: 'modbus', port: '/dev/x', profile: 'eletechsup-r4d3b16', channels: 16, parity: 'even' });
    expect(modbusMapOf(r4d3b16).relays).toMatchObject({ kind: 'register', addresses: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], on: 0x0100, off: 0x0200 });
    expect(serialSettingsText(r4d3b16)).toBe('9600 8E1');
  });

  it.each(bad)('refuses %s with a message naming the field', (_name, input, message) => {
    expect(() => parseRelayBoardConfig(input)).toThrow(RelayConfigError);
    expect(() => parseRelayBoardConfig(input)).toThrow(message);
  });
});
