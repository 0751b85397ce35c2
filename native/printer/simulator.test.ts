import { describe, expect, it } from 'vitest';
import { EscPosPrinterSimulator } from './simulator';

const ESC = 0x1b, GS = 0x1d;
const text = (s: string) => [...Buffer.from(s, 'latin1')];
const qr = (data: string) => {
  const bytes = text(data);
  const length = bytes.length + 3;
  return [GS, 0x28, 0x6b, length & 0xff, length >> 8, 0x31, 0x50, 0x30, ...bytes, GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30];
};
const RECEIPT = Uint8Array.from([ESC, 0x40, ESC, 0x61, 0, ESC, 0x45, 1, ...text('Harbour Street'), 0x0a, ESC, 0x45, 0, ...text('TOTAL  GBP 7.00'), 0x0a, ESC, 0x61, 1, ...qr('LK1|R-1'), GS, 0x56, 0x42, 3]);

describe('the ESC/POS printer simulator', () => {
  it('prints a receipt as a page of lines, bold lines and its QR code, cut off at GS V', () => {
    const printer = new EscPosPrinterSimulator();
    expect(printer.receive(RECEIPT)).toEqual(new Uint8Array());
    expect(printer.pages).toEqual([{ lines: ['Harbour Street', 'TOTAL  GBP 7.00'], bold: ['Harbour Street'], qr: ['LK1|R-1'] }]);
    expect(printer.errors).toEqual([]);
  });

  it('reads the same commands however the bytes are split over reads', () => {
    const printer = new EscPosPrinterSimulator();
    for (const byte of RECEIPT) printer.receive(Uint8Array.of(byte));
    expect(printer.pages).toHaveLength(1);
    expect(printer.pages[0]!.qr).toEqual(['LK1|R-1']);
    expect(printer.errors).toEqual([]);
  });

  it('answers DLE EOT at once, between commands, in the state it is in', () => {
    const printer = new EscPosPrinterSimulator();
    expect([...printer.receive(Uint8Array.of(0x10, 0x04, 4))]).toEqual([0x12]);
    printer.state.paperOut = true;
    expect([...printer.receive(Uint8Array.of(ESC, 0x40, 0x10, 0x04, 1, 0x10, 0x04, 4))]).toEqual([0x1a, 0x7e]);
  });

  it('keeps what a real printer would print as garbage, or hold, as errors', () => {
    const printer = new EscPosPrinterSimulator();
    printer.receive(Uint8Array.of(ESC, 0x21, 0x08, 0x07, GS, 0x76));
    expect(printer.errors).toEqual(['unknown command 1b 21', 'unexpected control byte 07', 'unknown command 1d 76']);
    printer.state.coverOpen = true;
    printer.receive(Uint8Array.from(text('A\n')));
    expect(printer.errors).toContain('printing while not ready');
  });
});
