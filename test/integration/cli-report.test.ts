import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appPath } from '../../electron/kiosk/app-paths';
import { DEMO, expectOk, loggedIn, manualClock, startTestKiosk } from '../support/kiosk-harness';

/** `lotkeeper report` from the sources, in a child process, on a site with a few recorded stays. */
let dataDir: string;

function lotkeeper(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', appPath('electron', 'cli', 'lotkeeper.ts'), ...args, '--data-dir', dataDir], { encoding: 'utf8', env: { ...process.env, LOTKEEPER_DATA_DIR: '' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  // One site for the whole file (the per-test temp folders go after each test).
  dataDir = mkdtempSync(join(tmpdir(), 'lotkeeper-cli-report-'));
  const clock = manualClock(Date.UTC(2026, 10, 20, 9, 0));
  const kiosk = await startTestKiosk(dataDir, { clock: clock.now });
  const sam = await loggedIn(kiosk, ...DEMO.supervisor);
  const { session } = await expectOk(sam, 'sessions.manualEntry', { plate: 'AB12CDE', laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', reason: '@SUM(A1:A9)' });
  clock.advance(95 * 60_000);
  await expectOk(sam, 'sessions.manualExit', { sessionId: session.id, laneId: 'out1', reason: '+cmd|calc' });
  await kiosk.close();
}, 60_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

// Each run starts tsx from the sources: seconds apiece on a loaded machine.
describe('lotkeeper report', { timeout: 180_000 }, () => {
  it('prints a report as text, as JSON and as CSV with formula-looking text neutralised', () => {
    const text = lotkeeper('report', 'traffic', '--from', '2026-11-20', '--to', '2026-11-20');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Entries and exits per day');
    expect(text.stdout).toMatch(/2026-11-20\s+1\s+1/);

    const json = JSON.parse(lotkeeper('report', 'occupancy', '--from', '2026-11-20', '--to', '2026-11-20', '--json').stdout) as { stays: { total: number; bins: unknown[] } };
    expect(json.stays).toMatchObject({ total: 1, bins: [{ fromMinutes: 60, stays: 1 }] });

    const csv = lotkeeper('report', 'traffic', '--from', '2026-11-20', '--to', '2026-11-20', '--csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain("in1,entry,manual,'@SUM(A1:A9),sam,1");
    expect(csv.stdout).toContain("out1,exit,manual,'+cmd|calc,sam,1");
  });

  it('says in one line what is wrong with a bad range or name, and exits 2', () => {
    for (const args of [
      ['report', 'money', '--from', '2026-11-20', '--to', '2026-11-19'],
      ['report', 'money', '--from', '2026-11-20'],
      ['report', 'weather', '--from', '2026-11-20', '--to', '2026-11-21'],
      ['report', 'money', '--from', '2026-11-20', '--to', '2026-11-21', '--csv', '--json'],
    ]) {
      const run = lotkeeper(...args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(lotkeeper('report', 'money', '--from', '2026-11-20', '--to', '2026-11-19').stderr).toContain('the range ends (2026-11-19) before it starts (2026-11-20)');
  });
});
