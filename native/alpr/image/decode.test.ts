// The decoder path under bad input: every outcome is a well-formed image or an ImageDecodeError, never a crash.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ifAvailable, shippedFile } from '../../../test/support/requires';
import { decodeImage, ImageDecodeError, sniffFormat } from './decode';

// The smallest photo of the shared set (outside the repository, beside every CI checkout: missing there, they fail).
const SMALL_JPEG = '../shared/alpr/us/us4.jpg';
const CROPS = '../shared/alpr/us-crops';
const photo = existsSync(SMALL_JPEG) ? readFileSync(SMALL_JPEG) : null;
const withPhoto = ifAvailable(shippedFile(SMALL_JPEG, 'the shared plate photos (../shared/alpr)'));
const withCrops = ifAvailable(shippedFile(CROPS, 'the shared plate crops (../shared/alpr/us-crops)'));
const cropPng = existsSync(CROPS) ? readFileSync(`${CROPS}/${readdirSync(CROPS).find((n) => n.endsWith('.png'))!}`) : null;

function gradient(width: number, height: number, channels = 3): Buffer {
  const data = Buffer.alloc(width * height * channels);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 255;
  return data;
}

const raw = (width: number, height: number, channels: 1 | 3 | 4 = 3) => sharp(gradient(width, height, channels), { raw: { width, height, channels } });

/** Decoding must end in one of the two allowed ways. */
async function decodesOrRefuses(bytes: Uint8Array): Promise<void> {
  try {
    const image = await decodeImage(bytes);
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

describe('image decoding (sharp)', () => {
  it('round-trips a PNG exactly, grey and RGBA ones as RGB', async () => {
    expect(await decodeImage(await raw(37, 11).png().toBuffer())).toEqual({ width: 37, height: 11, data: new Uint8Array(gradient(37, 11)) });
    const grey = await decodeImage(await raw(5, 4, 1).png().toBuffer());
    expect([...grey.data.subarray(0, 6)]).toEqual([0, 0, 0, 31, 31, 31]);
    const rgba = await decodeImage(await raw(6, 2, 4).png().toBuffer());
    expect(rgba.data.length).toBe(6 * 2 * 3);
  });

  it('decodes baseline and progressive JPEG and WebP to the same picture', async () => {
    const source = raw(64, 48);
    const baseline = await decodeImage(await source.clone().jpeg({ quality: 95 }).toBuffer());
    const progressive = await decodeImage(await source.clone().jpeg({ quality: 95, progressive: true }).toBuffer());
    const webp = await decodeImage(await source.clone().webp({ lossless: true }).toBuffer());
    expect(baseline).toMatchObject({ width: 64, height: 48 });
    expect(progressive.data).toEqual(baseline.data);
    expect(webp.data).toEqual(new Uint8Array(gradient(64, 48)));
  });

  withCrops.it('decodes a real PNG', async () => {
    expect((await decodeImage(cropPng!)).width).toBeGreaterThan(100);
  });

  withPhoto.it('decodes a real JPEG photo', async () => {
    const image = await decodeImage(photo!);
    expect(image.width).toBeGreaterThan(100);
    expect(image.data.length).toBe(image.width * image.height * 3);
  });

  it('explains each kind of bad input', async () => {
    await expect(decodeImage(new Uint8Array(0))).rejects.toThrow('empty file (0 bytes)');
    await expect(decodeImage(new TextEncoder().encode('GIF89a...'))).rejects.toThrow('not a JPEG, PNG or WebP image (starts with "GIF89a..")');
    await expect(decodeImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).rejects.toThrow(/not a JPEG, PNG or WebP/);
    const jpeg = await raw(64, 48).jpeg().toBuffer();
    await expect(decodeImage(jpeg.subarray(0, jpeg.length >> 1))).rejects.toThrow(/^truncated JPEG/);
    await expect(decodeImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8]))).rejects.toThrow(/JPEG/);
    for (const format of ['png', 'webp'] as const) {
      const whole = await raw(64, 48)[format]().toBuffer();
      await expect(decodeImage(whole.subarray(0, whole.length >> 1)), format).rejects.toThrow(new RegExp(`(truncated|corrupt) ${format}`, 'i'));
    }
  });

  it('refuses a 12000x12000 image from its header, before decoding it', async () => {
    // A small JPEG whose frame header says 12000x12000: what a decompression bomb looks like from outside.
    const huge = await raw(16, 16).jpeg().toBuffer();
    const sof = huge.indexOf(Buffer.from([0xff, 0xc0]));
    huge.writeUInt16BE(12000, sof + 5);
    huge.writeUInt16BE(12000, sof + 7);
    const started = performance.now();
    await expect(decodeImage(huge)).rejects.toThrow('image too large: over 40000000 pixels (JPEG)');
    expect(performance.now() - started).toBeLessThan(1_000); // 144 Mpixel of RGB would be 432 MB and seconds
    await expect(decodeImage(await raw(300, 200).png().toBuffer(), { maxPixels: 50_000 })).rejects.toThrow(/image too large/);
  });

  it('sniffs only the three formats', () => {
    expect(sniffFormat(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffFormat(new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffFormat(new TextEncoder().encode('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
  });

  it('fuzz: a mutated PNG decodes or is refused', async () => {
    const png = await raw(16, 8).png().toBuffer();
    await fc.assert(fc.asyncProperty(fc.array(mutation(png.length), { minLength: 1, maxLength: 4 }), (edits) => decodesOrRefuses(mutate(png, edits))), { numRuns: 200 });
  });

  it('fuzz: a mutated progressive JPEG decodes or is refused', async () => {
    const jpeg = await raw(48, 32).jpeg({ progressive: true }).toBuffer();
    await fc.assert(fc.asyncProperty(fc.array(mutation(jpeg.length), { minLength: 1, maxLength: 3 }), (edits) => decodesOrRefuses(mutate(jpeg, edits))), { numRuns: 200 });
  });

  withPhoto.it('fuzz: a mutated real JPEG photo decodes or is refused', async () => {
    await fc.assert(fc.asyncProperty(fc.array(mutation(photo!.length), { minLength: 1, maxLength: 3 }), (edits) => decodesOrRefuses(mutate(photo!, edits))), { numRuns: 60 });
  });

  it('fuzz: random bytes behind each signature are refused or decoded, never a crash', async () => {
    const heads = [[], [0xff, 0xd8, 0xff], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [...new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ')]];
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom(...heads), (tail, head) => decodesOrRefuses(Uint8Array.from([...head, ...tail]))), { numRuns: 300 });
  });
});
