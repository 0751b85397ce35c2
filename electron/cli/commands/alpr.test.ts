// `lotkeeper alpr` against the real reader (PaddleOCR in its worker), on photos of ../shared/alpr when present.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, consoleOutput } from '../command';
import { alprCommand } from './alpr';
import { ifAvailable, shippedFile } from '../../../test/support/requires';
import { PART_MEANING, splitPart } from '../../../native/alpr/evaluate';
import { LABEL_ERRATA } from '../../../native/alpr/label-errata';
import { useTempDirs } from '../../../test/support/temp-dir';

const tempDir = useTempDirs();

const PHOTO = '../shared/alpr/us/us4';
const withPhotos = ifAvailable(shippedFile(`${PHOTO}.jpg`, 'the shared plate photos (../shared/alpr)'));

async function run(positionals: string[], values: Record<string, unknown> = {}) {
  const lines: string[] = [];
  const code = await alprCommand.run({ values, positionals, out: consoleOutput(false, (t) => lines.push(t)) });
  return { code, json: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('lotkeeper alpr', () => {
  it('refuses bad usage with exit code 2', async () => {
    await expect(run(['scan'])).rejects.toMatchObject({ exitCode: 2 });
    await expect(run(['read', 'x.jpg'], { recognizer: 'tesseract' })).rejects.toBeInstanceOf(CliError);
    await expect(run(['read', 'x.jpg'], { regions: 'us,mars' })).rejects.toThrow(/unknown plate region/);
    await expect(run(['read', 'x.jpg'], { regions: 'us', home: 'sk' })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/"sk" has eu plates, which are not among the plate regions \(us\)/) });
    await expect(run(['read', 'x.jpg'], { regions: 'eu', home: 'de' })).rejects.toThrow(/unknown home country "de"/);
    await expect(run(['read', 'x.jpg'], { home: 'xx' })).rejects.toThrow(/unknown home country "xx"/);
    await expect(run(['read', 'x.jpg'], { regions: 'toString' })).rejects.toThrow(/unknown plate region/);
    await expect(run(['eval', tempDir()])).rejects.toThrow(/--part must be one of test, validation, training, all/);
    await expect(run(['eval', tempDir()], { part: 'holdout' })).rejects.toMatchObject({ exitCode: 2 });
  });

  it('split lists every labelled item with its part of the split', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'us'));
    writeFileSync(join(dir, 'us', 'a.jpg'), 'x');
    writeFileSync(join(dir, 'us', 'a.txt'), 'a.jpg\t65\t54\t156\t78\t520MRK\n');
    const { code, json } = await run(['split', dir]);
    expect(code).toBe(0);
    expect(json[0]).toEqual({ entries: [{ folder: 'us', image: 'a.jpg', plate: '520MRK', part: splitPart('520MRK') }], errata: LABEL_ERRATA });
  });

  withPhotos.it('read prints one JSON object per image, errors included', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.jpg'), '');
    const { code, json } = await run(['read', `${PHOTO}.jpg`, join(dir, 'empty.jpg')]);
    expect(code).toBe(1);
    expect(json[0]).toMatchObject({ image: `${PHOTO}.jpg`, processingMs: expect.any(Number) });
    expect((json[0]!['plates'] as { text: string }[])[0]!.text).toBe('520MRK');
    expect(json[1]).toMatchObject({ error: 'empty file (0 bytes)' });
  });

  withPhotos.it('eval prints accuracy per folder and overall, latency and threads', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'us'));
    copyFileSync(`${PHOTO}.jpg`, join(dir, 'us', 'a.jpg'));
    writeFileSync(join(dir, 'us', 'a.txt'), 'a.jpg\t65\t54\t156\t78\t520MRK\n');
    copyFileSync(`${PHOTO}.jpg`, join(dir, 'us', 'b.jpg'));
    writeFileSync(join(dir, 'us', 'b.txt'), 'b.jpg\t65\t54\t156\t78\tWRONG1\n');
    const { code, json } = await run(['eval', dir], { misreads: true, part: 'all' });
    expect(code).toBe(0);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({ part: 'all', figure: PART_MEANING.all, site: 'us/: us at home in us', images: 2, accuracy: 0.5, folders: { us: { images: 2, correct: 1, accuracy: 0.5 } }, threads: expect.any(Number) });
    expect(json[0]).toHaveProperty('latency_median_ms');
    expect(json[0]).toHaveProperty('latency_p95_ms');
    expect(json[0]!['misreads']).toEqual([{ image: join('us', 'b.jpg'), expected: 'WRONG1', read: '520MRK' }]);
  });
});
