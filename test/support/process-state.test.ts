import { tmpdir } from 'node:os';
import { realpathSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { processState, restoreProcessState } from './process-state';

describe('restoreProcessState', () => {
  it('names nothing when nothing changed', () => {
    expect(restoreProcessState(processState())).toEqual([]);
  });

  it('leaves alone what a library sets as it loads (libvips under sharp sets VIPSHOME)', () => {
    const before = process.env['VIPSHOME'];
    Reflect.deleteProperty(process.env, 'VIPSHOME');
    const start = processState();
    process.env['VIPSHOME'] = '/opt/vips';
    expect(restoreProcessState(start)).toEqual([]);
    expect(process.env['VIPSHOME']).toBe('/opt/vips');
    if (before === undefined) Reflect.deleteProperty(process.env, 'VIPSHOME');
    else process.env['VIPSHOME'] = before;
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
