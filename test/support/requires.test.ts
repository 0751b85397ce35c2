import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { appPath } from '../../electron/kiosk/app-paths';

/** The fixture file in a child vitest, as `npm test` runs it, with CI set or not. */
function runFixture(ci: boolean) {
  const env = { ...process.env };
  delete env['CI'];
  if (ci) env['CI'] = 'true';
  const run = spawnSync(process.execPath, [appPath('node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/support/fixtures/vitest.fixture.config.ts'], { cwd: appPath(), env, encoding: 'utf8' });
  const summary = run.stdout.split('\n').find((line) => /^\d+ passed, \d+ failed, \d+ skipped/.test(line));
  return { code: run.status, summary };
}

describe('tests that need something', () => {
  it('skip outside CI, and the summary line says why', () => {
    const { code, summary } = runFixture(false);
    expect(code).toBe(0);
    expect(summary).toBe('1 passed, 0 failed, 2 skipped (1: the shared plate photos not found at ../no-such-folder/alpr; 1: set STRIPE_SECRET_KEY)');
  });

  it("fail under CI=true when CI must have what they need; only a vendor's test mode still skips", () => {
    const { code, summary } = runFixture(true);
    expect(code).toBe(1);
    expect(summary).toBe('1 passed, 1 failed, 1 skipped (1: set STRIPE_SECRET_KEY)');
  });
});
