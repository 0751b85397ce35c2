/**
 * The plate reader's worker thread: creates the ONNX sessions once, warms them up, then answers read requests one
 * at a time. A bad frame or image is an 'error' answer; the worker itself carries on. Started by onnx-reader.ts,
 * from this file under tsx/vitest or from the bundle dist/alpr/alpr-worker.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { decodeImage, ImageDecodeError } from './image/decode';
import { PlatePipeline } from './pipeline';
import { PlateReaderError } from './reader';
import type { HostMessage, WorkerInit, WorkerMessage } from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('native/alpr/worker.ts runs as a worker thread only');
const send = (message: WorkerMessage) => port.postMessage(message);

const started = performance.now();
let pipeline: PlatePipeline;
try {
  pipeline = await PlatePipeline.create((workerData as WorkerInit).options);
  send({ type: 'ready', startupMs: Math.round(performance.now() - started), threads: pipeline.threads });
} catch (error) {
  send({ type: 'fatal', message: (error as Error).message });
  process.exit(1);
}

// Requests are answered in order; the host sends one at a time so its watchdog knows which one hung.
port.on('message', (message: HostMessage) => {
  void handle(message);
});

async function handle(message: HostMessage): Promise<void> {
  try {
    if (message.type === 'read') {
      send({ type: 'result', id: message.id, reading: await pipeline.read(message.frame) });
    } else {
      const t = performance.now();
      const image = await decodeImage(message.bytes);
      const decodeMs = Math.round(performance.now() - t);
      send({ type: 'result', id: message.id, reading: await pipeline.read({ ...image, capturedAt: Date.now() }), decodeMs });
    }
  } catch (error) {
    const code = error instanceof PlateReaderError ? error.code : error instanceof ImageDecodeError ? 'bad-frame' : 'model';
    send({ type: 'error', id: message.id, code, message: (error as Error).message });
  }
}
