import { describe, expect, it } from 'vitest';
import { coilMapDraft, registerMapDraftOf, registerMapOf, startingMapDraft, wordOf } from './register-map-draft';

describe('the register map table draft', () => {
  it('starts from coils from 0, one row per channel, inputs on discrete inputs', () => {
    expect(registerMapOf(coilMapDraft(3))).toEqual({ map: { relays: { kind: 'coil', write: 'single', addresses: [0, 1, 2] }, inputs: { source: 'discrete', start: 0 } } });
  });

  it('takes command words in decimal or in hex as manuals print them, and only for register boards', () => {
    expect(wordOf('0x0100')).toBe(256);
    expect(wordOf(' 512 ')).toBe(512);
    expect(wordOf('1e3')).toBeNull();
    const register = { ...coilMapDraft(1), kind: 'register' as const, on: '0x0100', off: '0x0200', inputSource: '' as const };
    expect(registerMapOf(register)).toEqual({ map: { relays: { kind: 'register', write: 'single', addresses: [0], on: 256, off: 512 } } });
    expect(registerMapOf({ ...register, kind: 'coil' })).toEqual({ map: { relays: { kind: 'coil', write: 'single', addresses: [0] } } });
  });

  it("keys each problem by the kiosk's path, so the cell shows it", () => {
    const draft = { ...coilMapDraft(2), addresses: ['x', '1'], inputStart: '' };
    expect(registerMapOf(draft)).toEqual({ problems: { 'registerMap.relays.addresses.0': 'devices.map.number', 'registerMap.inputs.start': 'devices.required' } });
    expect(registerMapOf({ ...draft, addresses: [] })).toMatchObject({ problems: { 'registerMap.relays.addresses': 'devices.map.noRows' } });
  });

  it('reads a stored map back (no map: the model\'s) and saves it unchanged', () => {
    const map = { relays: { kind: 'register', write: 'multiple', addresses: [1, 2, 3], on: 256, off: 512 }, inputs: { source: 'holding-bits', start: 16 } };
    const draft = registerMapDraftOf(map);
    expect(draft).toMatchObject({ kind: 'register', write: 'multiple', on: '256', inputSource: 'holding-bits', inputStart: '16', addresses: ['1', '2', '3'] });
    expect(registerMapOf(draft!)).toEqual({ map });
    expect(registerMapDraftOf(undefined)).toBeNull();
  });
});

describe("a board's own map starts from its model's", () => {
  const eletechsup = { maxChannels: 16, map: { relays: { kind: 'register', write: 'single', addresses: Array.from({ length: 16 }, (_, i) => i + 1), on: 256, off: 512 } } };

  it("takes the model's table cut to the form's channels, or to 8 when it gives none", () => {
    expect(startingMapDraft(eletechsup, 4)).toEqual({ kind: 'register', write: 'single', on: '256', off: '512', inputSource: '', inputStart: '', addresses: ['1', '2', '3', '4'] });
    expect(startingMapDraft(eletechsup, null).addresses).toHaveLength(8);
  });

  it('starts from coils from 0 while the models are not loaded', () => {
    expect(startingMapDraft(undefined, 2)).toEqual(coilMapDraft(2));
  });
});
