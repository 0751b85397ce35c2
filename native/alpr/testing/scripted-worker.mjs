// A stand-in for worker.ts that speaks its protocol without models, for the host's watchdog and crash tests:
// a frame 13 pixels wide hangs the thread (a busy loop, as a wedged native call would), 14 wide kills it.
import { parentPort, workerData } from 'node:worker_threads';

// Regions ['never-ready'] stand for a worker wedged while loading its models.
if (workerData.options.regions[0] !== 'never-ready') parentPort.postMessage({ type: 'ready', startupMs: 1, threads: 1 });
parentPort.on('message', (message) => {
  const width = message.frame?.width;
  if (width === 13) for (;;);
  if (width === 14) process.exit(3);
  parentPort.postMessage({ type: 'result', id: message.id, reading: { plates: [], processingMs: 1 } });
});
