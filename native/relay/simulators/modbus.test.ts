import { describe, expect, it } from 'vitest';
import { decodeModbusReply, encodeModbusRequest, withCrc } from '../codecs/modbus';
import { MODBUS_PROFILES } from '../register-map';
import { ModbusSimulator } from './modbus';

/** The simulator's answer to one frame, decoded as the reply to `request` would be. */
function answer(simulator: ModbusSimulator, frame: Uint8Array): Uint8Array[] {
  const sent: Uint8Array[] = [];
  simulator.connect((bytes) => sent.push(bytes));
  simulator.receive(frame);
  return sent;
}

describe('Modbus board simulator', () => {
  it('answers a function it does not implement with exception 01, as real boards do', () => {
    const [reply] = answer(new ModbusSimulator(1, 4), withCrc(Uint8Array.of(1, 0x2b, 0x0e, 1, 0, 0)));
    expect([...reply!]).toEqual([...withCrc(Uint8Array.of(1, 0xab, 1))]);
  });

  it('answers an address it does not have with 02, and a command word it does not know with 03', () => {
    const board = new ModbusSimulator(1, 2, 0, MODBUS_PROFILES['eletechsup-r4d3b16'].map(2));
    const off = { address: 1, fn: 6, register: 9, value: 0x0100 } as const;
    expect(decodeModbusReply(answer(board, encodeModbusRequest(off))[0]!, off)).toMatchObject({ code: 'exception', message: expect.stringContaining('illegal data address') });
    const toggle = { address: 1, fn: 6, register: 1, value: 0x0300 } as const;
    expect(decodeModbusReply(answer(board, encodeModbusRequest(toggle))[0]!, toggle)).toMatchObject({ code: 'exception', message: expect.stringContaining('illegal data value') });
    const on = { address: 1, fn: 6, register: 2, value: 0x0100 } as const;
    expect(decodeModbusReply(answer(board, encodeModbusRequest(on))[0]!, on)).toMatchObject({ kind: 'reply' });
    expect(board.relays).toEqual([false, true]);
  });

  it('keeps quiet for other unit ids (a shared bus)', () => {
    expect(answer(new ModbusSimulator(1, 4), encodeModbusRequest({ address: 2, fn: 1, start: 0, count: 4 }))).toEqual([]);
  });
});
