// The worker host's queue, watchdog and crash recovery, against a scripted worker (no models needed).
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { OnnxPlateReader } from './onnx-reader';
import type { Frame, ReadPriority } from './reader';

const workerPath = fileURLToPath(new URL('./testing/scripted-worker.mjs', import.meta.url));
const frame = (width: number): Frame => ({ width, height: 2, data: new Uint8Array(width * 2 * 3), capturedAt: 0 });

describe('OnnxPlateReader host', () => {
  let reader: OnnxPlateReader | undefined;
  afterEach(async () => {
    await reader?.close();
  });

  it('answers queued requests in order', async () => {
    reader = await OnnxPlateReader.start({ recognizer: 'paddle', regions: ['us'], workerPath });
    const answers = await Promise.all([1, 2, 3].map((w) => reader!.read(frame(w))));
    expect(answers).toHaveLength(3);
  });

  it("reads a frame that may settle a car's vote before first frames, and a decided car's frames last", async () => {
    reader = await OnnxPlateReader.start({ recognizer: 'paddle', regions: ['us'], workerPath });
    const order: number[] = [];
    const read = (width: number, priority?: ReadPriority) => reader!.read(frame(width), priority).then(() => order.push(width));
    // The first goes to the worker at once; the rest wait and are read by priority, each kind in its order.
    await Promise.all([read(1), read(2, 'decided'), read(3), read(4, 'settles-vote'), read(5, 'decided'), read(6, 'settles-vote')]);
    expect(order).toEqual([1, 4, 6, 3, 2, 5]);
  });

  it('fails a hung request with a clear error, restarts the worker and serves the next one', async () => {
    reader = await OnnxPlateReader.start({ recognizer: 'paddle', regions: ['us'], workerPath, timeoutMs: 300 });
    const hung = reader.read(frame(13));
    const next = reader.read(frame(5));
    await expect(hung).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('restarted') });
    await expect(next).resolves.toEqual({ plates: [], processingMs: 1 });
    expect(reader.restarts).toBe(1);
  });

  it('fails the request a crashed worker held and recovers', async () => {
    reader = await OnnxPlateReader.start({ recognizer: 'paddle', regions: ['us'], workerPath });
    await expect(reader.read(frame(14))).rejects.toMatchObject({ code: 'worker-crashed' });
    await expect(reader.read(frame(5))).resolves.toHaveProperty('plates');
  });

  it('refuses frames beyond its queue rather than building a backlog', async () => {
    reader = await OnnxPlateReader.start({ recognizer: 'paddle', regions: ['us'], workerPath, maxQueue: 1, timeoutMs: 300 });
    const first = reader.read(frame(13)); // in flight, hangs
    const second = reader.read(frame(5)); // queued
    await expect(reader.read(frame(6))).rejects.toMatchObject({ code: 'busy' });
    await expect(first).rejects.toMatchObject({ code: 'timeout' });
    await expect(second).resolves.toHaveProperty('plates');
  });

  it('fails pending requests on close', async () => {
    reader = await OnnxPlateReader.start({ recognizer: 'paddle', regions: ['us'], workerPath, timeoutMs: 5_000 });
    const hung = expect(reader.read(frame(13))).rejects.toMatchObject({ code: 'closed' });
    await reader.close();
    await hung;
  });

  it('gives up on a worker that never gets ready', async () => {
    await expect(OnnxPlateReader.start({ recognizer: 'paddle', regions: ['never-ready'], workerPath, startTimeoutMs: 300 })).rejects.toMatchObject({ code: 'timeout' });
  });

  it('reports a missing model at start with the file named', async () => {
    await expect(OnnxPlateReader.start({ recognizer: 'paddle', regions: ['us'], rootDir: fileURLToPath(new URL('./testing/', import.meta.url)) })).rejects.toThrow(/manifest/);
  });
});
