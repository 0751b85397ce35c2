/**
 * A baseline (SOF0/SOF1, Huffman) JPEG decoder in plain TypeScript: no JPEG decoder is installed (opencv-wasm has
 * no imdecode), and every camera snapshot and every photo of ../shared/alpr is baseline. Progressive and
 * arithmetic-coded files are refused with a clear error. Chroma is upsampled by nearest neighbour: the reader
 * works on luminance-heavy plate text, and it keeps this decoder small. Swap for jpeg-js/sharp when installed.
 */
import { ImageDecodeError, type DecodedImage, type DecodeLimits } from './limits';

const ZIGZAG = new Uint8Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57,
  50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** IDCT basis: COS[x * 8 + u] = C(u)/2 * cos((2x+1) u pi / 16). */
const COS = new Float32Array(64);
for (let x = 0; x < 8; x++) for (let u = 0; u < 8; u++) COS[x * 8 + u] = (u === 0 ? Math.SQRT1_2 : 1) * 0.5 * Math.cos(((2 * x + 1) * u * Math.PI) / 16);

interface Huffman { maxCode: Int32Array; valPtr: Int32Array; minCode: Int32Array; values: Uint8Array }
interface Component { id: number; h: number; v: number; tq: number; blocksW: number; blocksH: number; plane: Uint8Array; pred: number; dc: number; ac: number }

function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const maxCode = new Int32Array(18).fill(-1), valPtr = new Int32Array(17), minCode = new Int32Array(17);
  let code = 0, k = 0;
  for (let len = 1; len <= 16; len++) {
    valPtr[len] = k;
    minCode[len] = code;
    code += counts[len - 1]!;
    k += counts[len - 1]!;
    maxCode[len] = counts[len - 1] ? code - 1 : -1;
    code <<= 1;
  }
  return { maxCode, valPtr, minCode, values };
}

class BitReader {
  private buf = 0;
  private count = 0;
  /** Bytes of zeros fed past the end of the data: a truncated file, not a short final code. */
  pastEnd = 0;
  constructor(private readonly data: Uint8Array, public pos: number) {}
  bit(): number {
    if (this.count === 0) {
      let byte = 0;
      if (this.pos >= this.data.length) this.pastEnd++;
      else {
        byte = this.data[this.pos]!;
        if (byte === 0xff) {
          const next = this.data[this.pos + 1];
          if (next === 0) this.pos += 2;
          else byte = 0; // a marker: feed zeros, never read past it
        } else this.pos++;
      }
      this.buf = byte;
      this.count = 8;
    }
    this.count--;
    return (this.buf >> this.count) & 1;
  }
  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | this.bit();
    return v;
  }
  decode(table: Huffman): number {
    let code = 0;
    for (let len = 1; len <= 16; len++) {
      code = (code << 1) | this.bit();
      if (code <= table.maxCode[len]!) return table.values[table.valPtr[len]! + code - table.minCode[len]!] ?? 0;
    }
    throw new ImageDecodeError('corrupt JPEG: bad Huffman code');
  }
  /** Drops the bit buffer and skips a restart marker, if the next bytes are one. */
  restart(): void {
    this.count = 0;
    while (this.pos < this.data.length - 1 && !(this.data[this.pos] === 0xff && this.data[this.pos + 1]! >= 0xd0 && this.data[this.pos + 1]! <= 0xd7)) this.pos++;
    this.pos += 2;
  }
}

const extend = (v: number, t: number) => (v < 1 << (t - 1) ? v - (1 << t) + 1 : v);

function idctInto(coef: Float32Array, out: Uint8Array, offset: number, stride: number, tmp: Float32Array): void {
  for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) {
    let s = 0;
    for (let u = 0; u < 8; u++) s += COS[x * 8 + u]! * coef[y * 8 + u]!;
    tmp[y * 8 + x] = s;
  }
  for (let x = 0; x < 8; x++) for (let y = 0; y < 8; y++) {
    let s = 0;
    for (let v = 0; v < 8; v++) s += COS[y * 8 + v]! * tmp[v * 8 + x]!;
    const p = Math.round(s + 128);
    out[offset + y * stride + x] = p < 0 ? 0 : p > 255 ? 255 : p;
  }
}

export function decodeJpeg(data: Uint8Array, limits: DecodeLimits): DecodedImage {
  if (data[0] !== 0xff || data[1] !== 0xd8) throw new ImageDecodeError('not a JPEG (no SOI marker)');
  const quant: Uint16Array[] = [], dcTables: Huffman[] = [], acTables: Huffman[] = [];
  const comps: Component[] = [];
  let width = 0, height = 0, restartInterval = 0, hmax = 1, vmax = 1, mcusX = 0, mcusY = 0, scans = 0;
  let pos = 2;
  const u16 = (p: number) => ((data[p] ?? 0) << 8) | (data[p + 1] ?? 0);
  while (pos < data.length) {
    if (data[pos] !== 0xff) { pos++; continue; } // tolerate junk between segments
    const marker = data[pos + 1] ?? 0;
    pos += 2;
    if (marker === 0xd9) break;
    if (marker === 0xff || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) { pos -= marker === 0xff ? 1 : 0; continue; }
    const length = u16(pos);
    const end = pos + length;
    if (length < 2 || end > data.length) throw new ImageDecodeError('truncated JPEG (a segment runs past the end of the file)');
    let p = pos + 2;
    if (marker === 0xdb) {
      while (p < end) {
        const pq = data[p]! >> 4, tq = data[p]! & 15;
        const table = new Uint16Array(64);
        for (let k = 0; k < 64; k++) table[k] = pq ? u16(p + 1 + 2 * k) : data[p + 1 + k]!;
        quant[tq & 3] = table;
        p += 1 + 64 * (pq ? 2 : 1);
      }
    } else if (marker === 0xc4) {
      while (p < end) {
        const tc = data[p]! >> 4, th = data[p]! & 3;
        const counts = data.subarray(p + 1, p + 17);
        const total = counts.reduce((a, b) => a + b, 0);
        const table = buildHuffman(counts, data.slice(p + 17, p + 17 + total));
        (tc ? acTables : dcTables)[th] = table;
        p += 17 + total;
      }
    } else if (marker === 0xdd) restartInterval = u16(p);
    else if (marker === 0xc0 || marker === 0xc1) {
      height = u16(p + 1);
      width = u16(p + 3);
      const n = data[p + 5]!;
      if (!width || !height) throw new ImageDecodeError('JPEG without a size (DNL is not supported)');
      if (width * height > limits.maxPixels) throw new ImageDecodeError(`image too large: ${width}x${height} is over ${limits.maxPixels} pixels`);
      if (n !== 1 && n !== 3) throw new ImageDecodeError(`JPEG with ${n} components (CMYK?) is not supported`);
      for (let i = 0; i < n; i++) {
        const q = p + 6 + 3 * i;
        comps.push({ id: data[q]!, h: Math.max(1, data[q + 1]! >> 4), v: Math.max(1, data[q + 1]! & 15), tq: data[q + 2]! & 3, blocksW: 0, blocksH: 0, plane: new Uint8Array(0), pred: 0, dc: 0, ac: 0 });
      }
      hmax = Math.max(...comps.map((c) => c.h));
      vmax = Math.max(...comps.map((c) => c.v));
      mcusX = Math.ceil(width / (8 * hmax));
      mcusY = Math.ceil(height / (8 * vmax));
      for (const c of comps) {
        c.blocksW = mcusX * c.h;
        c.blocksH = mcusY * c.v;
        c.plane = new Uint8Array(c.blocksW * c.blocksH * 64);
      }
    } else if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      throw new ImageDecodeError('progressive or arithmetic-coded JPEG is not supported');
    } else if (marker === 0xda) {
      if (!comps.length) throw new ImageDecodeError('corrupt JPEG: scan before frame header');
      const ns = data[p]!;
      const scanComps: Component[] = [];
      for (let i = 0; i < ns; i++) {
        const c = comps.find((k) => k.id === data[p + 1 + 2 * i]);
        if (!c) throw new ImageDecodeError('corrupt JPEG: scan names an unknown component');
        c.dc = data[p + 2 + 2 * i]! >> 4;
        c.ac = data[p + 2 + 2 * i]! & 15;
        scanComps.push(c);
      }
      pos = decodeScan(data, end, scanComps, { quant, dcTables, acTables, restartInterval, mcusX, mcusY, width, height, hmax, vmax });
      scans++;
      continue;
    }
    pos = end;
  }
  if (!scans) throw new ImageDecodeError(width ? 'truncated JPEG (no image data)' : 'corrupt JPEG (no frame header)');
  return toRgb(width, height, comps, hmax, vmax);
}

interface ScanContext { quant: Uint16Array[]; dcTables: Huffman[]; acTables: Huffman[]; restartInterval: number; mcusX: number; mcusY: number; width: number; height: number; hmax: number; vmax: number }

function decodeScan(data: Uint8Array, start: number, scan: Component[], ctx: ScanContext): number {
  const reader = new BitReader(data, start);
  const coef = new Float32Array(64), tmp = new Float32Array(64);
  for (const c of scan) {
    c.pred = 0;
    if (!ctx.quant[c.tq] || !ctx.dcTables[c.dc] || !ctx.acTables[c.ac]) throw new ImageDecodeError('corrupt JPEG: missing quantisation or Huffman table');
  }
  const block = (c: Component, row: number, col: number) => {
    const q = ctx.quant[c.tq]!, dc = ctx.dcTables[c.dc]!, ac = ctx.acTables[c.ac]!;
    coef.fill(0);
    const t = reader.decode(dc);
    c.pred += t ? extend(reader.bits(t), t) : 0;
    coef[0] = c.pred * q[0]!;
    for (let k = 1; k < 64; ) {
      const rs = reader.decode(ac), s = rs & 15, r = rs >> 4;
      if (!s) { if (r < 15) break; k += 16; continue; }
      k += r;
      if (k > 63) break;
      coef[ZIGZAG[k]!] = extend(reader.bits(s), s) * q[k]!;
      k++;
    }
    const stride = c.blocksW * 8;
    if (row < c.blocksH && col < c.blocksW) idctInto(coef, c.plane, row * 8 * stride + col * 8, stride, tmp);
  };
  // One component alone in a scan is not interleaved: its blocks cover only the image, not whole MCUs.
  const single = scan.length === 1;
  const c0 = scan[0]!;
  const unitsX = single ? Math.ceil(Math.ceil((ctx.width * c0.h) / ctx.hmax) / 8) : ctx.mcusX;
  const unitsY = single ? Math.ceil(Math.ceil((ctx.height * c0.v) / ctx.vmax) / 8) : ctx.mcusY;
  let n = 0;
  for (let my = 0; my < unitsY; my++) for (let mx = 0; mx < unitsX; mx++) {
    if (ctx.restartInterval && n > 0 && n % ctx.restartInterval === 0) {
      reader.restart();
      for (const c of scan) c.pred = 0;
    }
    n++;
    if (single) block(c0, my, mx);
    else for (const c of scan) for (let v = 0; v < c.v; v++) for (let h = 0; h < c.h; h++) block(c, my * c.v + v, mx * c.h + h);
  }
  if (reader.pastEnd > 2) throw new ImageDecodeError('truncated JPEG (the image data ends early)');
  // Find the next marker that is not a restart marker: the scan's end.
  let p = reader.pos;
  while (p < data.length - 1 && !(data[p] === 0xff && data[p + 1] !== 0 && !(data[p + 1]! >= 0xd0 && data[p + 1]! <= 0xd7))) p++;
  return p;
}

function toRgb(width: number, height: number, comps: Component[], hmax: number, vmax: number): DecodedImage {
  const rgb = new Uint8Array(width * height * 3);
  const [y, cb, cr] = comps as [Component, Component?, Component?];
  const sample = (c: Component, x: number, yy: number) => c.plane[Math.floor((yy * c.v) / vmax) * c.blocksW * 8 + Math.floor((x * c.h) / hmax)]!;
  for (let row = 0, o = 0; row < height; row++) for (let x = 0; x < width; x++, o += 3) {
    const Y = sample(y, x, row);
    if (!cb || !cr) { rgb[o] = rgb[o + 1] = rgb[o + 2] = Y; continue; }
    const Cb = sample(cb, x, row) - 128, Cr = sample(cr, x, row) - 128;
    rgb[o] = clamp(Y + 1.402 * Cr);
    rgb[o + 1] = clamp(Y - 0.344136 * Cb - 0.714136 * Cr);
    rgb[o + 2] = clamp(Y + 1.772 * Cb);
  }
  return { width, height, data: rgb };
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));
