/**
 * What a test file could leave changed in a worker it shares with other files (vitest.config.ts: isolate false):
 * fake timers, environment variables, the working folder.
 */
import { vi } from 'vitest';

/** Set by a library the first time a file loads it, whichever file that is (libvips, under sharp, on init). */
const SET_BY_LIBRARIES = new Set(['VIPSHOME']);

export interface ProcessState {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export function processState(): ProcessState {
  return { env: { ...process.env }, cwd: process.cwd() };
}

/** Puts the process back as it was at `start` and says, in words, what had been left changed (empty: nothing). */
export function restoreProcessState(start: ProcessState): string[] {
  const left: string[] = [];
  if (vi.isFakeTimers()) {
    vi.useRealTimers();
    left.push('fake timers on');
  }
  for (const name of new Set([...Object.keys(start.env), ...Object.keys(process.env)])) {
    if (process.env[name] === start.env[name] || SET_BY_LIBRARIES.has(name)) continue;
    left.push(`environment variable ${name} changed`);
    if (start.env[name] === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = start.env[name];
  }
  if (process.cwd() !== start.cwd) {
    left.push(`working folder moved to ${process.cwd()}`);
    process.chdir(start.cwd);
  }
  return left;
}
