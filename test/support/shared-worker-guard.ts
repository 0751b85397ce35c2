/**
 * Setup file of the projects whose files share a worker's modules (vitest.config.ts): a file that ends with the
 * process changed fails, and the next file still starts clean.
 */
import { afterAll, beforeAll } from 'vitest';
import { processState, restoreProcessState, type ProcessState } from './process-state';

let atStart: ProcessState;

beforeAll(() => {
  atStart = processState();
});

afterAll(() => {
  const left = restoreProcessState(atStart);
  if (left.length > 0) throw new Error(`this file left the shared worker changed (put back now): ${left.join('; ')}`);
});
