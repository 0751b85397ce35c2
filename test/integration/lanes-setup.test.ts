/**
 * What the lanes stand on: the site file's devices, lane settings and access records; the access lists as a
 * supervisor edits them; evidence retention; the device hub facing bad device configs; and the demo site's world
 * running on its own (simulated board on a pty, demo cameras and traffic) through the real relay driver.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kiosk } from '../../electron/kiosk/kiosk';
import { DEMO_SITE_FILE } from '../../electron/kiosk/kiosk';
import { expectOk, manualClock, startTestKiosk } from '../support/kiosk-harness';
import { useTempDirs } from '../support/temp-dir';
import { openPtyPair } from '../../native/relay/simulators/pty-pair';
import { waitFor } from './relay-socat';
import { laneRoiSchema, MIN_ROI_SIDE } from '../../electron/kiosk/contract/lanes';
import { MIN_ROI_SIDE as CONSOLE_MIN_ROI_SIDE, regionAfterKey, regionFromDrag, STARTING_REGION, type RoiHandle } from '../../renderer/src/screens/devices/roi-geometry';

const tempDir = useTempDirs();
const demoSite = () => JSON.parse(readFileSync(DEMO_SITE_FILE(), 'utf8')) as Record<string, unknown> & { laneSettings: Array<Record<string, unknown>>; devices: Array<Record<string, unknown>> };
const permit = { id: 'p-test', kind: 'monthly', holder: 'Test Ltd', plateKeys: ['TE57ABC'], maxInside: 1, validFrom: '2026-01-01', validUntil: '2026-12-31', zones: [], hours: [], note: '' };

/** Closed after each test: a kiosk with devices runs a socat pair and timers that must not outlive it. */
const running: Kiosk[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((kiosk) => kiosk.close()));
});

async function supervisorKiosk(overrides = {}) {
  const kiosk = await startTestKiosk(tempDir(), overrides);
  running.push(kiosk);
  const console = kiosk.connect('test');
  await expectOk(console, 'auth.login', { username: 'sam', secret: '2468' });
  return { kiosk, console };
}

describe('site file: devices, lane settings, access', () => {
  it('sets up the demo site with its board, cameras, lane settings and access lists', async () => {
    const { kiosk } = await supervisorKiosk();
    expect(kiosk.store.lanes.devices().map((d) => d.id)).toEqual(['booth', 'cam-in1', 'cam-in2', 'cam-out1', 'demo-board', 'reader-out1']);
    expect(kiosk.store.lanes.settingsFor('in1')).toMatchObject({ relayBoard: 'demo-board', loopInput: 0, barrierInput: 1, camera: 'cam-in1', mode: 'normal' });
    expect(kiosk.store.access.forPlate('HD21SMI').permits.map((p) => p.id)).toEqual(['p-harbour-dental']);
  });

  it('refuses lane settings that name a lane, a device or a vehicle class the site does not have, naming it', async () => {
    const dir = tempDir();
    const site = demoSite();
    site.laneSettings[0]!['camera'] = 'cam-nowhere';
    writeFileSync(join(dir, 'site.json'), JSON.stringify(site));
    await expect(startTestKiosk(join(dir, 'data'), { siteFile: join(dir, 'site.json') })).rejects.toThrow(/laneSettings for "in1" names device "cam-nowhere", which is not in devices/);
    site.laneSettings[0]!['camera'] = 'cam-in1';
    site.laneSettings[0]!['laneId'] = 'in9';
    writeFileSync(join(dir, 'site.json'), JSON.stringify(site));
    await expect(startTestKiosk(join(dir, 'data2'), { siteFile: join(dir, 'site.json') })).rejects.toThrow(/laneSettings names lane "in9"/);
    site.laneSettings[0]!['laneId'] = 'in1';
    site.laneSettings[0]!['defaultVehicleClass'] = 'tram';
    writeFileSync(join(dir, 'site.json'), JSON.stringify(site));
    await expect(startTestKiosk(join(dir, 'data3'), { siteFile: join(dir, 'site.json') })).rejects.toThrow(/laneSettings for "in1" names vehicle class "tram", which is not in layout.vehicleClasses/);
    // A reader that says one lane while the wiring names it in another (or in none) is refused: the two must agree.
    site.laneSettings[0]!['defaultVehicleClass'] = null;
    const booth = site.devices.find((d) => d.id === 'booth')! as { config: Record<string, unknown> };
    booth.config['laneId'] = 'in1';
    writeFileSync(join(dir, 'site.json'), JSON.stringify(site));
    await expect(startTestKiosk(join(dir, 'data4'), { siteFile: join(dir, 'site.json') })).rejects.toThrow(/card reader "booth" says lane "in1" but no laneSettings name it: the two must agree/);
    booth.config['laneId'] = null;
    site.laneSettings[0]!['terminal'] = 'reader-out1';
    writeFileSync(join(dir, 'site.json'), JSON.stringify(site));
    await expect(startTestKiosk(join(dir, 'data5'), { siteFile: join(dir, 'site.json') })).rejects.toThrow(/card reader "reader-out1" is named by the laneSettings of in1 and out1: a reader serves one lane/);
  });
});

describe('access lists', () => {
  it('saves a permit with audit and outbox rows, finds it by a look-alike plate, and removes it', async () => {
    const { kiosk, console } = await supervisorKiosk();
    const saved = await expectOk(console, 'access.save', { record: { kind: 'permit', definition: permit }, reason: 'new contract' });
    expect(saved.record).toMatchObject({ kind: 'permit', id: 'p-test', version: 1, origin: 'site', updatedBy: 'sam' });
    const again = await expectOk(console, 'access.save', { record: { kind: 'permit', definition: { ...permit, maxInside: 2 } }, reason: 'second car' });
    expect(again.record.version).toBe(2);
    // S for 5, 8 for B: what the OCR confuses finds the same permit.
    expect((await expectOk(console, 'access.list', { plate: 'TES7A8C' })).records.map((r) => r.id)).toEqual(['p-test']);
    await expectOk(console, 'access.remove', { kind: 'permit', id: 'p-test', reason: 'contract ended' });
    expect((await expectOk(console, 'access.list', { plate: 'TE57ABC' })).records).toEqual([]);
    expect(kiosk.store.audit.list({ limit: 3 }).map((a) => a.action)).toEqual(['access.remove', 'access.update', 'access.create']);
    const outbox = kiosk.store.db.prepare("SELECT key FROM outbox WHERE kind = 'access' ORDER BY seq").pluck().all();
    expect(outbox).toEqual(['access:permit:p-test:v1', 'access:permit:p-test:v2', 'access:permit:p-test:v3']);
  });

  it('refuses a permit for a zone the site does not have, an attendant editing, and a malformed record; nothing is written', async () => {
    const { kiosk, console } = await supervisorKiosk();
    const before = kiosk.store.db.prepare('SELECT count(*) FROM access_records').pluck().get();
    expect(await console.call('access.save', { record: { kind: 'permit', definition: { ...permit, zones: ['roof'] } }, reason: 'new contract' })).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'zone "roof" is not part of this site' } });
    expect(await console.call('access.save', { record: { kind: 'permit', definition: { ...permit, validUntil: '2025-01-01' } }, reason: 'new contract' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await console.call('access.save', { record: { kind: 'deny', definition: { list: 'allow', id: 'x', plateKey: 'AB12CDE', note: '', expiresAt: null } }, reason: 'oops' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const attendant = kiosk.connect('booth');
    await expectOk(attendant, 'auth.login', { username: 'anna', secret: '1357' });
    expect(await attendant.call('access.save', { record: { kind: 'permit', definition: permit }, reason: 'new contract' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(kiosk.store.db.prepare('SELECT count(*) FROM access_records').pluck().get()).toBe(before);
  });

  it('resets anti-passback for a supervisor, audited', async () => {
    const { kiosk, console } = await supervisorKiosk();
    kiosk.store.access.setAntiPassback('AB12CDE', 'inside', 'in1', 0);
    await expectOk(console, 'lanes.resetAntiPassback', { plate: 'ab12 cde', reason: 'left through the fire exit' });
    expect(kiosk.store.access.antiPassback('AB12CDE')).toBe('unknown');
    expect(kiosk.store.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'lane.anti_passback_reset', subject: 'plate:AB12CDE', detail: { before: 'inside', reason: 'left through the fire exit' } });
  });
});

describe('lane and device settings (admin)', () => {
  async function adminKiosk(overrides = {}) {
    const kiosk = await startTestKiosk(tempDir(), overrides);
    running.push(kiosk);
    const console = kiosk.connect('office');
    await expectOk(console, 'auth.login', { username: 'admin', secret: 'demo-admin-pass' });
    return { kiosk, console };
  }

  it('lists serial ports with their USB identity and the stored configs', async () => {
    const { console } = await adminKiosk();
    const { ports } = await expectOk(console, 'devices.ports', {});
    for (const port of ports) expect(port).toEqual({ path: expect.any(String), manufacturer: expect.toSatisfy((v) => v === null || typeof v === 'string'), serialNumber: expect.toSatisfy((v) => v === null || typeof v === 'string'), vendorId: expect.toSatisfy((v) => v === null || typeof v === 'string'), productId: expect.toSatisfy((v) => v === null || typeof v === 'string') });
    const configs = await expectOk(console, 'devices.configs', {});
    expect(configs.devices.map((d) => d.id)).toContain('demo-board');
    expect(configs.lanes.map((l) => l.laneId)).toEqual(['in1', 'in2', 'out1']);
  });

  it('refuses a device config the driver would refuse, naming the field, and writes nothing', async () => {
    const { kiosk, console } = await adminKiosk();
    const bad = await console.call('devices.save', { device: { id: 'gate-board', kind: 'relay', config: { driver: 'serial', board: { protocol: 'modbus', port: '/dev/ttyUSB0', modbusAddress: 900 } } }, reason: 'new board' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('modbusAddress is 1..247') } });
    expect(kiosk.store.lanes.devices().map((d) => d.id)).not.toContain('gate-board');
  });

  it("names each bad field by its path in the call's input, so the form shows it beside the field: a camera's URL, a register map's channel", async () => {
    const { kiosk, console } = await adminKiosk();
    const camera = await console.call('devices.save', { device: { id: 'cam-x', kind: 'camera', config: { driver: 'snapshot', url: 'ftp://cam', intervalMs: 5 } }, reason: 'new camera' });
    expect(camera).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: expect.arrayContaining([
      { path: 'device.config.url', message: 'an http(s) URL' },
      expect.objectContaining({ path: 'device.config.intervalMs' }),
    ]) } });
    const relays = { kind: 'coil', addresses: [0, 1, 1] };
    const board = { protocol: 'modbus', port: '/dev/ttyUSB0', channels: 3, registerMap: { relays } };
    const twin = await console.call('devices.save', { device: { id: 'io', kind: 'relay', config: { driver: 'serial', board } }, reason: 'new board' });
    expect(twin).toMatchObject({ ok: false, error: { issues: [{ path: 'device.config.board.registerMap.relays.addresses.2', message: expect.stringContaining('channels 2 and 3 both map to coil 1') }] } });
    const range = await console.call('devices.save', { device: { id: 'io', kind: 'relay', config: { driver: 'serial', board: { ...board, registerMap: { relays: { ...relays, addresses: [0, 70000, 2] } } } } }, reason: 'new board' });
    expect(range).toMatchObject({ ok: false, error: { issues: [{ path: 'device.config.board.registerMap.relays.addresses.1', message: 'a register address is 0..65535' }] } });
    expect(kiosk.store.lanes.devices().map((d) => d.id)).not.toContain('io');
    // Where the screen's map table starts from: each built-in board's table at its full size.
    const { maps } = await expectOk(console, 'devices.modbusMaps', {});
    expect(maps.find((m) => m.profile === 'eletechsup-r4d3b16')).toMatchObject({ maxChannels: 16, map: { relays: { kind: 'register', on: 256, off: 512, addresses: expect.arrayContaining([1, 16]) } } });
  });

  it('saves a board and points a lane at it, audited; refuses a camera as a relay and an attendant', async () => {
    const { kiosk, console } = await adminKiosk();
    const board = { id: 'gate-board', kind: 'relay' as const, config: { driver: 'serial', board: { protocol: 'ascii', port: { serialNumber: 'NUMATO-0042' }, channels: 4, inputs: 4 } } };
    await expectOk(console, 'devices.save', { device: board, reason: 'second board for the upper deck' });
    const settings = { laneId: 'in2', mode: 'normal', minConfidence: 0.9, relayBoard: 'gate-board', pulseMs: 700, loopInput: 0, barrierInput: 1, camera: 'cam-in2', terminal: null };
    expect(await console.call('lanes.saveSettings', { settings: { ...settings, relayBoard: 'cam-in2' }, reason: 'rewired' })).toMatchObject({ ok: false, error: { message: 'device cam-in2 is a camera, not a relay' } });
    const saved = await expectOk(console, 'lanes.saveSettings', { settings, reason: 'rewired to the new board' });
    expect(saved.lane).toMatchObject({ laneId: 'in2', minConfidence: 0.9, phase: 'idle' });
    expect(kiosk.store.lanes.settingsFor('in2')).toMatchObject({ relayBoard: 'gate-board', pulseMs: 700 });
    expect(kiosk.store.audit.list({ limit: 2 }).map((a) => a.action)).toEqual(['lane.settings', 'device.save']);
    const attendant = kiosk.connect('booth');
    await expectOk(attendant, 'auth.login', { username: 'anna', secret: '1357' });
    expect(await attendant.call('devices.save', { device: board, reason: 'try' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it("saves a lane's region of interest in shares of the picture, refused by field when outside the picture or too small, audited", async () => {
    const { kiosk, console } = await adminKiosk();
    const settings = { ...(await expectOk(console, 'devices.configs', {})).lanes.find((l) => l.laneId === 'in1')!, roi: { x: 0.1, y: 0.4, width: 0.6, height: 0.5 } };
    for (const [roi, path, why] of [
      [{ x: 0.5, y: 0.4, width: 0.6, height: 0.5 }, 'settings.roi.width', /left \+ width at most 100%/],
      [{ x: 0.1, y: 0.4, width: 0.6, height: 0.01 }, 'settings.roi.height', /at least 5% of the picture/],
      [{ x: -0.1, y: 0.4, width: 0.6, height: 0.5 }, 'settings.roi.x', /not below 0/],
      [{ x: 0.1, y: 0.4, width: 0.6 }, 'settings.roi.height', /share of the picture/],
    ] as const) {
      const refused = await console.call('lanes.saveSettings', { settings: { ...settings, roi }, reason: 'camera moved' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: expect.arrayContaining([expect.objectContaining({ path, message: expect.stringMatching(why) })]) } });
    }
    expect(kiosk.store.lanes.settingsFor('in1')?.roi).toBeNull();
    await expectOk(console, 'lanes.saveSettings', { settings, reason: 'camera moved: plates in the lower middle' });
    expect(kiosk.store.lanes.settingsFor('in1')?.roi).toEqual(settings.roi);
    expect((await expectOk(console, 'devices.configs', {})).lanes.find((l) => l.laneId === 'in1')?.roi).toEqual(settings.roi);
    expect(kiosk.store.audit.list({ limit: 1 })[0]).toMatchObject({ action: 'lane.settings', detail: { before: { roi: null }, after: { roi: settings.roi } } });
  });

  it('every region the console lets an admin draw, by mouse or keys, is one the kiosk accepts', () => {
    const HANDLES: readonly RoiHandle[] = ['region', 'top-left', 'bottom-right', 'top-right'];
    expect(CONSOLE_MIN_ROI_SIDE).toBe(MIN_ROI_SIDE);
    let keyed = STARTING_REGION;
    for (let i = 0; i < 400; i++) {
      const drawn = regionFromDrag({ x: (i * 0.618) % 1.3 - 0.1, y: (i * 0.414) % 1.2 }, { x: (i * 0.732) % 1, y: (i * 0.236) % 1.1 });
      expect(laneRoiSchema.safeParse(drawn).success).toBe(true);
      keyed = regionAfterKey(keyed, HANDLES[i % 4]!, ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp'][i % 3]!, i % 5 === 0)!;
      expect(laneRoiSchema.safeParse(keyed).success).toBe(true);
    }
  });
});

describe('card readers and busy lanes in the settings', () => {
  it("sets a reader's lane in one place, the lane's wiring: the reader's config follows in the same transaction and cannot say otherwise", async () => {
    const kiosk = await startTestKiosk(tempDir());
    running.push(kiosk);
    const admin = kiosk.connect('office');
    await expectOk(admin, 'auth.login', { username: 'admin', secret: 'demo-admin-pass' });
    const reader = (laneId: string | null) => ({ device: { id: 'reader-in2', kind: 'terminal', config: { driver: 'simulated', laneId, autoPresentMs: null } }, reason: 'reader for the upper deck' });
    const laneOf = (id: string) => kiosk.services.payments.terminalList().find((t) => t.id === id)?.laneId;
    const stored = (id: string) => (kiosk.store.lanes.devices().find((d) => d.id === id)?.config as { laneId?: unknown } | undefined)?.laneId;

    // Its own form cannot give a reader a lane whose wiring does not name it: refused by field, nothing stored.
    expect(await admin.call('devices.save', reader('in2'))).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'device.config.laneId', message: expect.stringContaining("choose it in a lane's wiring") }] } });
    expect(kiosk.store.lanes.devices().map((d) => d.id)).not.toContain('reader-in2');
    await expectOk(admin, 'devices.save', reader(null));
    expect(laneOf('reader-in2')).toBeNull();

    // Wired into in2: the reader serves in2, stored and at work in payments at once.
    const in2 = kiosk.store.lanes.settingsFor('in2')!;
    await expectOk(admin, 'lanes.saveSettings', { settings: { ...in2, terminal: 'reader-in2' }, reason: 'reader at the upper deck' });
    expect([stored('reader-in2'), laneOf('reader-in2')]).toEqual(['in2', 'in2']);
    // A form opened before that (laneId still none) cannot take it back, nor can another lane take the same reader.
    expect(await admin.call('devices.save', reader(null))).toMatchObject({ ok: false, error: { issues: [{ path: 'device.config.laneId', message: expect.stringContaining('wired into lane in2') }] } });
    const in1 = kiosk.store.lanes.settingsFor('in1')!;
    expect(await admin.call('lanes.saveSettings', { settings: { ...in1, terminal: 'reader-in2' }, reason: 'moved' })).toMatchObject({ ok: false, error: { issues: [{ path: 'settings.terminal', message: expect.stringContaining('already serves lane in2') }] } });
    expect(kiosk.store.lanes.settingsFor('in1')).toEqual(in1);
    // Saved again as the wiring has it: fine. Taken off the lane: the reader serves none (a booth reader).
    await expectOk(admin, 'devices.save', reader('in2'));
    await expectOk(admin, 'lanes.saveSettings', { settings: { ...in2, terminal: null }, reason: 'reader moved to the booth' });
    expect([stored('reader-in2'), laneOf('reader-in2')]).toEqual([null, null]);
    // The demo's exit reader agrees with its wiring from the site file on.
    expect([stored('reader-out1'), kiosk.store.lanes.settingsFor('out1')?.terminal]).toEqual(['out1', 'reader-out1']);
  });

  it("adds a card reader that payments use at once, refuses a Stripe reader without its key, and refuses a lane's settings while a car is in it, storing nothing", async () => {
    const kiosk = await startTestKiosk(tempDir());
    running.push(kiosk);
    const admin = kiosk.connect('office');
    await expectOk(admin, 'auth.login', { username: 'admin', secret: 'demo-admin-pass' });
    await expectOk(admin, 'devices.save', { device: { id: 'reader-in2', kind: 'terminal', config: { driver: 'simulated', laneId: null, autoPresentMs: null } }, reason: 'reader for the upper deck' });
    expect(kiosk.services.payments.terminalList().map((t) => t.id)).toContain('reader-in2');
    const stripe = await admin.call('devices.save', { device: { id: 'reader-x', kind: 'terminal', config: { driver: 'stripe', laneId: null, readerId: 'tmr_1', secretKeyEnv: 'LOTKEEPER_STRIPE_SECRET_KEY_NO_SUCH' } }, reason: 'new reader' });
    expect(stripe).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('no Stripe secret key') } });
    expect(kiosk.store.lanes.devices().map((d) => d.id)).not.toContain('reader-x');
    // A field the reader's schema refuses is named by its path, so the reader's form shows it beside that field.
    const blank = await admin.call('devices.save', { device: { id: 'reader-x', kind: 'terminal', config: { driver: 'stripe', laneId: null, readerId: '', secretKeyEnv: 'HOME' } }, reason: 'new reader' });
    expect(blank).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: expect.arrayContaining([
      { path: 'device.config.readerId', message: expect.any(String) },
      { path: 'device.config.secretKeyEnv', message: expect.stringContaining('STRIPE_SECRET_KEY') },
    ]) } });

    // A manual open on a lane without a board leaves the lane waiting on the attendant: busy.
    await expectOk(admin, 'lanes.command', { laneId: 'in1', action: 'open', reasonCode: 'maintenance', note: '' });
    const before = kiosk.store.lanes.settingsFor('in1');
    const busy = await admin.call('lanes.saveSettings', { settings: { ...before!, pulseMs: 900 }, reason: 'longer pulse' });
    expect(busy).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('lane in1 is busy') } });
    expect(kiosk.store.lanes.settingsFor('in1')).toEqual(before);
  });
});

describe('lane schedules', () => {
  it('closes a lane while its window is open, audited as the schedule, and reopens it when the window is removed', async () => {
    const clock = manualClock(Date.parse('2026-11-23T22:30:00Z')); // Monday 22:30 in London
    const { kiosk, console } = await supervisorKiosk({ clock: clock.now });
    const window = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '22:00', to: '24:00' };
    const saved = await expectOk(console, 'lanes.saveSchedules', { laneId: 'in2', schedules: [{ mode: 'closed', window, note: 'nights' }], reason: 'upper deck shut at night' });
    expect(saved.lane).toMatchObject({ laneId: 'in2', mode: 'closed', scheduled: 'closed', phase: 'closed' });
    expect((await expectOk(console, 'lanes.schedules', { laneId: 'in2' })).schedules).toEqual([{ mode: 'closed', window, note: 'nights' }]);
    expect(kiosk.store.audit.list({ limit: 3 }).map((a) => `${a.actor} ${a.action}`)).toEqual(['schedule lane.lane_closed', 'sam lane.schedules', expect.any(String)]);
    const reopened = await expectOk(console, 'lanes.saveSchedules', { laneId: 'in2', schedules: [], reason: 'event tonight' });
    expect(reopened.lane).toMatchObject({ mode: 'normal', scheduled: null, phase: 'idle' });
  });
});

describe('evidence retention', () => {
  it('deletes the images after the retention, keeps the row and the session', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 1));
    const { kiosk } = await supervisorKiosk({ clock: clock.now, evidenceRetentionDays: 7 });
    const frame = { width: 32, height: 16, channels: 3 as const, data: new Uint8Array(32 * 16 * 3).fill(90), capturedAt: clock.now() };
    const kept = (await kiosk.services.evidence.keep({ laneId: 'in1', stage: 'entry', frame, box: { x: 4, y: 4, width: 10, height: 4 }, sessionId: null }))!;
    const file = join(kiosk.dataDir, 'evidence', kept.frameFile);
    expect(existsSync(file)).toBe(true);
    clock.advance(6 * 86_400_000);
    expect(await kiosk.services.evidence.purge()).toBe(0);
    clock.advance(2 * 86_400_000);
    expect(await kiosk.services.evidence.purge()).toBe(1);
    expect(existsSync(file)).toBe(false);
    expect(kiosk.store.evidence.require(kept.id).purgedAt).toBe(clock.now());
    expect(await kiosk.services.evidence.image(kept.id, 'frame')).toBeNull();
  });
});

describe('the demo site world', () => {
  it('drives cars in and out through the real relay driver, demo cameras and reader, and reports every device healthy', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const { kiosk } = await supervisorKiosk({ devices: 'site', demoTraffic: { arrivalEveryMs: 400, stayMs: [300, 600], giveUpMs: 4_000, random } });
    const laneDevices = ['demo-board', 'cam-in1', 'cam-in2', 'cam-out1'];
    const healthy = () => kiosk.services.devices.list().filter((d) => laneDevices.includes(d.id) && d.healthy).length;
    await waitFor(() => healthy() === laneDevices.length, 5_000, `board and cameras healthy: ${JSON.stringify(kiosk.services.devices.list())}`);
    const closedThroughLanes = () => kiosk.store.db.prepare("SELECT count(*) FROM sessions WHERE exit_code IS NOT NULL AND entry_code IS NOT NULL").pluck().get() as number;
    await waitFor(() => closedThroughLanes() >= 1, 25_000, 'a car in and out through the lanes');
    expect(kiosk.store.db.prepare("SELECT count(*) FROM evidence").pluck().get()).toBeGreaterThanOrEqual(2);
  }, 40_000);

  it('shows a device with a bad config as unhealthy with the reason, and keeps running', async () => {
    const dir = tempDir();
    const site = demoSite();
    site.devices = [{ id: 'demo-board', kind: 'relay', config: { driver: 'serial', board: { protocol: 'smoke-signals', port: '/dev/ttyUSB9' } } }, ...site.devices.filter((d) => d['kind'] !== 'relay')];
    writeFileSync(join(dir, 'site.json'), JSON.stringify(site));
    const { kiosk, console } = await supervisorKiosk({ siteFile: join(dir, 'site.json'), devices: 'site' });
    const board = kiosk.services.devices.list().find((d) => d.id === 'demo-board');
    expect(board).toMatchObject({ healthy: false, detail: expect.stringContaining('protocol must be "ch340", "ascii" or "modbus"') });
    expect((await expectOk(console, 'lanes.list', {})).lanes.map((l) => l.laneId)).toEqual(['in1', 'in2', 'out1']);
  });

  it('shows a board whose port cannot do its parity (a pty asked for 8E1) as unhealthy on Devices, saying what to do', async () => {
    const dir = tempDir();
    const pair = await openPtyPair(dir, 'parity');
    try {
      const site = demoSite();
      site.devices = [...site.devices, { id: 'deck', kind: 'relay', config: { driver: 'serial', board: { protocol: 'modbus', port: pair.kiosk, parity: 'even' } } }];
      writeFileSync(join(dir, 'site.json'), JSON.stringify(site));
      const { kiosk } = await supervisorKiosk({ siteFile: join(dir, 'site.json'), devices: 'site' });
      const deck = () => kiosk.services.devices.list().find((d) => d.id === 'deck');
      await expect.poll(() => deck()?.detail, { timeout: 5_000 }).toMatch(/cannot do parity even: asked for 9600 8E1, the port kept 9600 8N1/);
      expect(deck()).toMatchObject({ healthy: false });
    } finally {
      await Promise.all(running.splice(0).map((kiosk) => kiosk.close()));
      await pair.close();
    }
  });

  it('shows a second board on the same RS-485 port that disagrees on the serial settings as unhealthy, naming both', async () => {
    const dir = tempDir();
    const site = demoSite();
    const bus = (id: string, modbusAddress: number, parity: string) => ({ id, kind: 'relay', config: { driver: 'serial', board: { protocol: 'modbus', port: join(dir, 'rs485'), modbusAddress, parity } } });
    site.devices = [...site.devices, bus('upper-deck', 1, 'even'), bus('lower-deck', 2, 'none')];
    writeFileSync(join(dir, 'site.json'), JSON.stringify(site));
    const { kiosk } = await supervisorKiosk({ siteFile: join(dir, 'site.json'), devices: 'site' });
    // Whichever starts first opens the port (here it does not exist); the other is refused, naming it.
    const [first, second] = ['lower-deck', 'upper-deck'].map((id) => kiosk.services.devices.list().find((d) => d.id === id)!);
    expect(first).toMatchObject({ healthy: false, detail: expect.stringContaining('does not exist') });
    expect(second).toMatchObject({ healthy: false, detail: expect.stringMatching(/runs at 9600 8N1 for board 'lower-deck', this board asks 9600 8E1: boards on one bus share the serial settings/) });
  });
});
