import { describe, expect, it } from 'vitest';
import { DevicesPage } from './pages/DevicesPage';
import { LoginPage } from './pages/LoginPage';
import { openConsole, useE2E, VIEWPORTS } from './support/harness';

// No lane devices started: boards are saved and applied, but nothing opens a real serial port.
const e2e = useE2E();

describe('devices settings (admin)', () => {
  it('lists the ports, refuses a bad board with the driver’s message, saves the fixed one and wires a lane to it', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url, VIEWPORTS.small);
    await new LoginPage(c.page).loginAs('admin');
    const devices = new DevicesPage(c.page);
    await devices.openByKey();

    const ports = await devices.ports();
    // The test machine may have no serial port at all: then the table says so.
    if (ports.paths.length === 0) expect(ports.empty).toMatch(/No serial ports/);
    else {
      expect(ports.empty).toBeNull();
      // A port starts a board: by its USB serial number when it has one (found again under a new /dev name).
      await devices.usePort(ports.paths[0]!);
      const [by, value] = await devices.editorPort();
      expect(value.length).toBeGreaterThan(0);
      expect(['serialNumber', 'path']).toContain(by);
      await devices.closeDialog();
    }
    await devices.shot('devices-small');

    const before = await devices.deviceIds();
    await devices.newRelayBoard();
    await devices.fillRelay({ id: 'gate-board', protocol: 'modbus', serialNumber: 'A10K5XYZ', channels: '4', inputs: '8', modbusAddress: '300' });
    await devices.saveWith(devices.editor, 'New hardware installed');
    expect(await devices.editorError()).toMatch(/modbusAddress is 1\.\.247/);
    expect(await devices.deviceIds()).toEqual(before);
    await devices.shot('devices-small-refused');
    // An RS-485 board at Modbus's own 8E1, its register table from the profile, then a map of its own that puts two channels on one coil.
    await devices.fillRelay({ modbusAddress: '12', parity: 'even', profile: 'waveshare-relay', mapSource: 'own' });
    await devices.fillMap(['0', '1', '1', '3']);
    await devices.saveWith(devices.editor, 'New hardware installed');
    expect(await devices.editorError()).toMatch(/channels 2 and 3 both map to coil 1/);
    await devices.fillRelay({ mapSource: 'model' });
    await devices.saveWith(devices.editor, 'New hardware installed');
    await expect.poll(() => devices.done()).toContain('gate-board');
    expect(await devices.deviceSummary('gate-board')).toContain('9600 baud 8E1 · unit 12 · waveshare-relay');
    await devices.editor.waitFor({ state: 'detached' });
    expect((await devices.deviceIds()).sort()).toEqual([...before, 'gate-board'].sort());

    await devices.editLane('in2');
    await devices.wireLane({ relayBoard: 'gate-board', loopInput: '0', barrierInput: '1', reason: 'Lane rewired' });
    await expect.poll(() => devices.done()).toContain('Entry 2');
    expect(await devices.laneRelayBoard('in2')).toBe('gate-board');

    // Where the lane's plates appear: the kiosk refuses a region that leaves the picture, by field; then it is kept.
    await devices.editLane('in1');
    await devices.fillLaneRoi({ left: '50', top: '40', width: '60', height: '50' });
    await devices.saveWith(devices.laneEditor, 'Camera moved');
    await expect.poll(() => devices.fieldError('Width (%)')).toMatch(/left \+ width at most 100%/);
    await devices.fillLaneRoi({ left: '10', top: '40', width: '60', height: '50' });
    await devices.saveWith(devices.laneEditor, 'Camera moved');
    await expect.poll(() => devices.done()).toContain('Entry 1');
    await devices.editLane('in1');
    expect(await devices.laneEditor.getByLabel('Left (%)', { exact: true }).inputValue()).toBe('10');
    await devices.shot('devices-small-lane-roi');
    await devices.closeDialog();
    await devices.shot('devices-small-wired');
    expect(await c.page.locator('main.screen').evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(false);
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 60_000);

  it('fits the large booth screen', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url, VIEWPORTS.large);
    await new LoginPage(c.page).loginAs('admin');
    const devices = new DevicesPage(c.page);
    await devices.open();
    await devices.shot('devices-large');
    await devices.editDevice('cam-in1');
    expect(await devices.editor.getByLabel('Connected by', { exact: true }).inputValue()).toBe('demo');
    await devices.shot('devices-large-camera-editor');
    await devices.closeDialog();
    await devices.editLane('in1');
    await devices.shot('devices-large-lane-dialog');
    const overflow = await c.page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth || document.documentElement.scrollHeight > window.innerHeight);
    expect(overflow).toBe(false);
    expect(c.errors).toEqual([]);
    await c.context.close();
  });

  it('an attendant does not get the screen, by the nav or by its key', async () => {
    const c = await openConsole(e2e.browser, e2e.kiosk.url);
    await new LoginPage(c.page).loginAs('attendant');
    const devices = new DevicesPage(c.page);
    await devices.screen('dashboard').waitFor();
    expect(await devices.navScreens()).not.toContain('devices');
    await c.page.keyboard.press('Shift+F9');
    await c.page.waitForTimeout(300);
    expect(await devices.screen('devices').count()).toBe(0);
    await c.context.close();
  });
});
