/**
 * ESC/POS bytes for a thermal receipt printer (Epson TM series and compatibles): initialise, print text lines in
 * the printer's code page, an optional native QR code (GS ( k), feed and a partial cut. Pure: bytes in a Buffer.
 */
const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

const printable = (ch: string): number => {
  const code = ch.charCodeAt(0);
  return code >= 0x20 && code < 0x7f ? code : 0x3f;
};

export class EscPos {
  private readonly chunks: number[][] = [[ESC, 0x40]]; // ESC @: initialise

  /**
   * Text is sent as ASCII (code page 437 for the rest would need a table): accents are dropped (a buyer's "Müller"
   * prints as "Muller", not "M?ller"); anything else, control characters included, prints as '?'.
   */
  line(text: string): this {
    const plain = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    this.chunks.push([...plain].map(printable), [LF]);
    return this;
  }

  bold(on: boolean): this {
    this.chunks.push([ESC, 0x45, on ? 1 : 0]);
    return this;
  }

  align(where: 'left' | 'centre'): this {
    this.chunks.push([ESC, 0x61, where === 'left' ? 0 : 1]);
    return this;
  }

  /** A QR code printed by the printer itself (model 2, module size 6, error correction M). */
  qr(data: string): this {
    const bytes = [...Buffer.from(data, 'utf8')];
    const length = bytes.length + 3;
    if (length > 7092) throw new RangeError('QR data too long for the printer');
    this.chunks.push(
      [GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00], // model 2
      [GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, 6], // module size
      [GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31], // error correction M
      [GS, 0x28, 0x6b, length & 0xff, length >> 8, 0x31, 0x50, 0x30, ...bytes], // store the data
      [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30], // print it
    );
    return this;
  }

  /** Feeds n lines and cuts the paper, leaving a hinge (GS V 66 n). */
  cut(feedLines = 3): this {
    this.chunks.push([GS, 0x56, 0x42, feedLines]);
    return this;
  }

  bytes(): Buffer {
    return Buffer.from(this.chunks.flat());
  }
}
