import { describe, expect, it } from 'vitest';
import { emptyRelayDraft, laneDraftOf, laneSettingsOf, relayDeviceOf, relayDraftOf } from './draft';
import { coilMapDraft } from './register-map-draft';

describe('the relay board form draft', () => {
  it('leaves blank serial settings to the driver (8N1, as every board before them), and sends the chosen ones', () => {
    const plain = relayDeviceOf({ ...emptyRelayDraft(), id: 'io', portBy: 'path', path: '/dev/ttyUSB0' });
    expect(plain).toEqual({ device: { id: 'io', kind: 'relay', config: { driver: 'serial', board: { protocol: 'modbus', port: '/dev/ttyUSB0' } } } });
    const set = relayDeviceOf({ ...emptyRelayDraft(), id: 'io', portBy: 'path', path: '/dev/ttyUSB0', baudRate: '19200', dataBits: '8', parity: 'even', stopBits: '1' });
    expect(set).toMatchObject({ device: { config: { board: { baudRate: 19200, dataBits: 8, parity: 'even', stopBits: 1 } } } });
  });

  it('sends a Modbus board\'s profile and its own register map, with a channel per row, and neither for another protocol', () => {
    const ownMap = { ...coilMapDraft(2), kind: 'register' as const, on: '0x0100', off: '512', inputSource: '' as const, addresses: ['1', '2'] };
    const draft = { ...emptyRelayDraft(), id: 'r16', portBy: 'path' as const, path: '/dev/rs485', modbusAddress: '5', channels: '16', profile: 'eletechsup-r4d3b16' as const, ownMap };
    expect(relayDeviceOf(draft)).toMatchObject({
      device: { config: { board: { modbusAddress: 5, channels: 2, profile: 'eletechsup-r4d3b16', registerMap: { relays: { kind: 'register', write: 'single', addresses: [1, 2], on: 256, off: 512 } } } } },
    });
    const ascii = relayDeviceOf({ ...draft, protocol: 'ascii', channels: '' });
    expect(ascii).toEqual({ device: { id: 'r16', kind: 'relay', config: { driver: 'serial', board: { protocol: 'ascii', port: '/dev/rs485' } } } });
  });

  it('says which cell of the register map is not a number, and a baud rate that is not a number', () => {
    const ownMap = { ...coilMapDraft(3), addresses: ['0', 'one', ''] };
    expect(relayDeviceOf({ ...emptyRelayDraft(), id: 'x', portBy: 'path', path: '/dev/x', ownMap, baudRate: '96k' })).toEqual({
      problems: { 'registerMap.relays.addresses.1': 'devices.map.number', 'registerMap.relays.addresses.2': 'devices.required', baudRate: 'devices.wholeNumber' },
    });
  });

  it('reads a stored board back into the form with its serial settings, profile and map', () => {
    const board = { protocol: 'modbus', port: '/dev/rs485', parity: 'even', stopBits: 2, baudRate: 4800, profile: 'waveshare-io-8', registerMap: { relays: { kind: 'coil', addresses: [0] } } };
    const draft = relayDraftOf({ id: 'io', kind: 'relay', config: { driver: 'serial', board } });
    expect(draft).toMatchObject({ parity: 'even', stopBits: '2', dataBits: '', baudRate: '4800', profile: 'waveshare-io-8', rest: {} });
    expect(draft!.ownMap).toEqual({ kind: 'coil', write: 'single', on: '', off: '', inputSource: '', inputStart: '', addresses: ['0'] });
    expect(relayDeviceOf(draft!)).toMatchObject({ device: { config: { board: { ...board, channels: 1, registerMap: { relays: { kind: 'coil', write: 'single', addresses: [0] } } } } } });
  });

  it('offers each protocol its own board models, sends the chosen one, and drops one left from another protocol', () => {
    const kincony = { ...emptyRelayDraft(), id: 'kc', protocol: 'ascii' as const, portBy: 'path' as const, path: '/dev/ttyS0', baudRate: '115200', profile: 'kincony' as const };
    expect(relayDeviceOf(kincony)).toMatchObject({ device: { config: { board: { protocol: 'ascii', profile: 'kincony', baudRate: 115200 } } } });
    expect(relayDeviceOf({ ...kincony, protocol: 'ch340' })).toEqual({ device: { id: 'kc', kind: 'relay', config: { driver: 'serial', board: { protocol: 'ch340', port: '/dev/ttyS0', baudRate: 115200 } } } });
    const stored = relayDraftOf({ id: 'km', kind: 'relay', config: { driver: 'serial', board: { protocol: 'ch340', port: '/dev/x', profile: 'kmtronic', channels: 4 } } });
    expect(stored).toMatchObject({ protocol: 'ch340', profile: 'kmtronic', channels: '4' });
    // A stored name this console does not know reads as the protocol's default board, never as another protocol's.
    expect(relayDraftOf({ id: 'x', kind: 'relay', config: { driver: 'serial', board: { protocol: 'ch340', port: '/dev/x', profile: 'waveshare-relay' } } })).toMatchObject({ profile: '' });
  });
});

describe('the lane form draft: region of interest', () => {
  const lane = { laneId: 'in1', mode: 'normal' as const, minConfidence: 0.85, relayBoard: null, pulseMs: 500, loopInput: 0, barrierInput: 1, camera: 'cam-in1', terminal: null, defaultVehicleClass: null, roi: null };

  it('sends all four blank as the whole picture, and typed percentages (with or without %) as shares of the picture', () => {
    expect(laneSettingsOf(laneDraftOf(lane))).toEqual({ settings: lane });
    const draft = { ...laneDraftOf(lane), roi: { x: '10', y: '40%', width: '62.5', height: ' 50 ' } };
    expect(laneSettingsOf(draft)).toEqual({ settings: { ...lane, roi: { x: 0.1, y: 0.4, width: 0.625, height: 0.5 } } });
  });

  it('reads a stored region back as percentages to one decimal', () => {
    expect(laneDraftOf({ ...lane, roi: { x: 0.125, y: 0, width: 0.5, height: 1 } }).roi).toEqual({ x: '12.5', y: '0', width: '50', height: '100' });
  });

  it('names each side left blank while others are not, and each that is not a percentage', () => {
    expect(laneSettingsOf({ ...laneDraftOf(lane), roi: { x: '10', y: '', width: 'half', height: '50' } })).toEqual({ problems: { 'roi.y': 'devices.roiIncomplete', 'roi.width': 'devices.roiPercent' } });
  });
});
