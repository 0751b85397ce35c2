// The decoder path under bad input: every outcome is a well-formed image or an ImageDecodeError, never a crash.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeImage, ImageDecodeError } from './decode';
import { encodePng } from './png-encode';

// The smallest photo of the shared set (the data stays outside the repository; these tests skip without it).
const SMALL_JPEG = '../shared/alpr/us/us4.jpg';
const CROPS = '../shared/alpr/us-crops';
const jpeg = existsSync(SMALL_JPEG) ? readFileSync(SMALL_JPEG) : null;
const cropPng = existsSync(CROPS) ? readFileSync(join(CROPS, readdirSync(CROPS).find((n) => n.endsWith('.png'))!)) : null;

function gradient(width: number, height: number): Uint8Array {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 255;
  return data;
}

/** Decoding must end in one of the two allowed ways. */
function decodesOrRefuses(bytes: Uint8Array): void {
  try {
    const image = decodeImage(bytes);
    expect(image.data.length).toBe(image.width * image.height * 3);
  } catch (error) {
    expect(error).toBeInstanceOf(ImageDecodeError);
  }
}

const mutation = (size: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(size) }),
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(size - 1), value: fc.nat(255) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(size), value: fc.nat(255) }),
  );

function mutate(bytes: Uint8Array, edits: { kind: 'truncate' | 'flip' | 'insert'; at: number; value?: number }[]): Uint8Array {
  let out = Uint8Array.from(bytes);
  for (const edit of edits) {
    if (edit.kind === 'truncate') out = out.subarray(0, edit.at);
    else if (edit.kind === 'flip' && edit.at < out.length) out[edit.at] = edit.value!;
    else if (edit.kind === 'insert') out = Uint8Array.from([...out.subarray(0, edit.at), edit.value!, ...out.subarray(edit.at)]);
  }
  return out;
}

describe('image decoding', () => {
  it('round-trips a PNG', () => {
    const data = gradient(37, 11);
    expect(decodeImage(encodePng(37, 11, data))).toEqual({ width: 37, height: 11, data });
  });

  it.skipIf(!cropPng)('decodes a real PNG', () => {
    expect(decodeImage(cropPng!).width).toBeGreaterThan(100);
  });

  it.skipIf(!jpeg)('decodes a baseline JPEG', () => {
    const image = decodeImage(jpeg!);
    expect(image.width).toBeGreaterThan(100);
    expect(image.data.length).toBe(image.width * image.height * 3);
  });

  it('explains each kind of bad input', () => {
    expect(() => decodeImage(new Uint8Array(0))).toThrow('empty file (0 bytes)');
    expect(() => decodeImage(new TextEncoder().encode('GIF89a...'))).toThrow('not a JPEG or PNG image');
    expect(() => decodeImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xc2, 0, 11, 8, 0, 8, 0, 8, 1, 1, 0x11, 0]))).toThrow(/progressive/);
    // 12000x12000 is refused from the header, before anything that size is allocated.
    const hugeJpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0x2e, 0xe0, 0x2e, 0xe0, 1, 1, 0x11, 0]);
    expect(() => decodeImage(hugeJpeg)).toThrow(/image too large: 12000x12000/);
    const png = encodePng(4, 4, gradient(4, 4));
    new DataView(png.buffer, png.byteOffset).setUint32(16, 12000);
    new DataView(png.buffer, png.byteOffset).setUint32(20, 12000);
    expect(() => decodeImage(png)).toThrow(/image too large/);
    if (jpeg) expect(() => decodeImage(jpeg.subarray(0, jpeg.length >> 1))).toThrow(/truncated JPEG/);
  });

  it('fuzz: a mutated PNG decodes or is refused', () => {
    const png = encodePng(16, 8, gradient(16, 8));
    fc.assert(fc.property(fc.array(mutation(png.length), { minLength: 1, maxLength: 4 }), (edits) => decodesOrRefuses(mutate(png, edits))), { numRuns: 300 });
  });

  it.skipIf(!jpeg)('fuzz: a mutated JPEG decodes or is refused', () => {
    fc.assert(fc.property(fc.array(mutation(jpeg!.length), { minLength: 1, maxLength: 3 }), (edits) => decodesOrRefuses(mutate(jpeg!, edits))), { numRuns: 150 });
  });

  it('fuzz: random bytes are refused', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom([], [0xff, 0xd8], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), (tail, head) => decodesOrRefuses(Uint8Array.from([...head, ...tail]))),
      { numRuns: 500 },
    );
  });
});
