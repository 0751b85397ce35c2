import { tmpdir } from 'node:os';
import { realpathSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { processState, restoreProcessState } from './process-state';

describe('restoreProcessState', () => {
  it('names nothing when nothing changed', () => {
    expect(restoreProcessState(processState())).toEqual([]);
  });

  it('names fake timers, a variable set, a variable removed and a moved folder, and puts each back', () => {
    process.env['LOTKEEPER_GUARD_GONE'] = 'was here';
    const start = processState();
    vi.useFakeTimers();
    process.env['LOTKEEPER_GUARD_SET'] = 'left behind';
    Reflect.deleteProperty(process.env, 'LOTKEEPER_GUARD_GONE');
    process.chdir(realpathSync(tmpdir()));
    expect(restoreProcessState(start)).toEqual([
      'fake timers on',
      'environment variable LOTKEEPER_GUARD_GONE changed',
      'environment variable LOTKEEPER_GUARD_SET changed',
      `working folder moved to ${realpathSync(tmpdir())}`,
    ]);
    expect(vi.isFakeTimers()).toBe(false);
    expect(process.env['LOTKEEPER_GUARD_SET']).toBeUndefined();
    expect(process.env['LOTKEEPER_GUARD_GONE']).toBe('was here');
    expect(process.cwd()).toBe(start.cwd);
    Reflect.deleteProperty(process.env, 'LOTKEEPER_GUARD_GONE');
  });
});
