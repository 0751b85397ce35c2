import { describe, expect, it } from 'vitest';
import { DevicesPage } from './pages/DevicesPage';
import { LoginPage } from './pages/LoginPage';
import { injectAxe, seriousViolations } from './support/axe';
import { openConsole, useE2E, type Console } from './support/harness';

// The small booth PC sold with card terminals: the forms must work there, by keyboard.
const BOOTH = { width: 1024, height: 600 };
const e2e = useE2E();

/** axe over the page as it is (a form with its errors): the rules ran, none serious or critical. */
async function expectNoSeriousViolations(c: Console): Promise<void> {
  await injectAxe(c.page);
  const axe = await seriousViolations(c.page);
  expect(axe.findings).toEqual([]);
  expect(axe.passed).toBeGreaterThan(10);
}

async function adminAtTheBooth(): Promise<Console> {
  const c = await openConsole(e2e.browser, e2e.kiosk.url, BOOTH);
  await new LoginPage(c.page).loginAs('admin');
  return c;
}

/** The devices screen by its key, a new device's form, the keyboard in its Id field, the id typed. */
async function newDeviceAtTheBooth(kind: 'camera' | 'terminal', id: string): Promise<{ c: Console; devices: DevicesPage }> {
  const c = await adminAtTheBooth();
  const devices = new DevicesPage(c.page);
  await devices.openByKey();
  await devices.newDevice(kind);
  expect(await devices.focusedName()).toBe('Id');
  await c.page.keyboard.type(id);
  return { c, devices };
}

describe('device forms on the devices screen (admin), at 1024x600', () => {
  it("adds a camera through its form: the kiosk's messages beside the field, Enter saves, focus goes on to the lane wiring", async () => {
    const { c, devices } = await newDeviceAtTheBooth('camera', 'cam-gate');
    await devices.fillCamera({ driver: 'rtsp', url: 'http://10.0.0.5/live', width: '1280 px' });
    await devices.saveWith(devices.editor, 'New hardware installed');
    // The console's own check (a number), and what the driver needs, before anything is sent.
    expect(await devices.editorFieldError('Picture width (pixels)')).toBe('A whole number, or blank.');
    expect(await devices.editorFieldError('Picture height (pixels)')).toBe('Fill this in.');
    await devices.fillCamera({ width: '1280', height: '720' });
    await devices.saveWith(devices.editor, 'New hardware installed');
    // The kiosk's camera schema refuses an HTTP address for an RTSP stream: its message under the URL, nothing stored.
    await expect.poll(() => devices.editorFieldError('Camera address (URL)')).toBe('an rtsp:// URL');
    expect(await devices.deviceIds()).not.toContain('cam-gate');
    await devices.shot('devices-camera-refused-1024');
    // Every field named, every message tied to its field: axe finds nothing serious in the form with its errors.
    await expectNoSeriousViolations(c);

    await devices.fillCamera({ url: 'rtsp://10.0.0.5:554/Streaming/Channels/101' });
    await devices.editor.getByLabel('Camera address (URL)', { exact: true }).press('Enter');
    await expect.poll(() => devices.done()).toBe('cam-gate saved and applied. Next: choose the lane that uses it (Lane wiring, Edit).');
    expect(await devices.deviceSummary('cam-gate')).toContain('rtsp://10.0.0.5:554/Streaming/Channels/101');
    // Not used by a lane yet: the keyboard is on the first lane's wiring, to choose the lane that uses it.
    await expect.poll(() => devices.focusedName()).toBe('Edit Entry 1 (Harbour St)');
    await devices.shot('devices-camera-saved-1024');

    // The demo's camera opens on its form too (its driver chosen), and Esc asks before dropping a typed reason.
    await devices.editDevice('cam-in1');
    expect(await devices.editor.getByLabel('Connected by', { exact: true }).inputValue()).toBe('demo');
    expect(await devices.focusedName()).toBe('Connected by');
    await devices.editor.getByLabel('Reason', { exact: true }).fill('checking');
    expect(await devices.escapeEditor('keep')).toBe('Close this form and drop what you typed?');
    expect(await devices.editor.getByLabel('Reason', { exact: true }).inputValue()).toBe('checking');
    expect(await devices.escapeEditor('drop')).toBe('Close this form and drop what you typed?');
    // Nothing typed: Esc closes at once.
    await devices.editDevice('cam-in1');
    expect(await devices.escapeEditor(null)).toBeNull();
    expect(await devices.screenOverflowsSideways()).toBe(false);
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 60_000);

  it("edits a Modbus board's register map as a table: arrow keys between cells, rows added and removed, each cell's problem from the kiosk under it", async () => {
    const c = await adminAtTheBooth();
    const devices = new DevicesPage(c.page);
    await devices.openByKey();
    await devices.newRelayBoard();
    await devices.fillRelay({ id: 'rs485-r4', protocol: 'modbus', path: '/dev/ttyRS485', channels: '4', modbusAddress: '3', profile: 'eletechsup-r4d3b16', mapSource: 'own' });
    // The table starts as the model's register table (the kiosk's profile, from its manual), one row per channel.
    expect(await devices.mapAddresses()).toEqual(['1', '2', '3', '4']);
    expect(await devices.editor.getByLabel('Relays switched through', { exact: true }).inputValue()).toBe('register');
    expect(await devices.editor.getByLabel('Command word: on', { exact: true }).inputValue()).toBe('256');
    // The generic board's: coils from 0.
    await devices.fillRelay({ mapSource: 'model', profile: '' });
    await devices.fillRelay({ mapSource: 'own' });
    expect(await devices.mapAddresses()).toEqual(['0', '1', '2', '3']);
    expect(await devices.editor.getByTestId('channels-from-map').innerText()).toBe('Relay channels: 4, one per row of the register map.');

    await devices.mapCell(1).focus();
    await c.page.keyboard.press('ArrowDown');
    await c.page.keyboard.press('ArrowDown');
    expect(await devices.focusedMapCell()).toEqual({ channel: 3, col: 0 });
    await c.page.keyboard.press('End');
    await c.page.keyboard.press('ArrowRight');
    expect(await devices.focusedMapCell()).toEqual({ channel: 3, col: 1 });
    await c.page.keyboard.press('ArrowUp');
    expect(await devices.focusedMapCell()).toEqual({ channel: 2, col: 1 });
    await c.page.keyboard.press('ArrowLeft');
    expect(await devices.focusedMapCell()).toEqual({ channel: 2, col: 0 });

    // An address out of range: the driver's schema, under that cell.
    await devices.fillMap(['0', '70000', '2', '3']);
    await devices.saveWith(devices.editor, 'New hardware installed');
    await expect.poll(() => devices.mapCellError(2)).toBe('a register address is 0..65535');
    expect(await devices.mapCellError(1)).toBe('');
    // Two channels on one coil: the kiosk names the second one's cell.
    await devices.fillMap(['0', '1', '1', '3']);
    await devices.saveWith(devices.editor, 'New hardware installed');
    await expect.poll(() => devices.mapCellError(3)).toBe('channels 2 and 3 both map to coil 1: each channel needs its own coil');
    expect(await devices.mapCellError(2)).toBe('');
    expect(await devices.deviceIds()).not.toContain('rs485-r4');
    await devices.shot('devices-register-map-refused-1024');
    await expectNoSeriousViolations(c);

    // A fifth row takes the next address and the keyboard; removing it puts the keyboard on the row before.
    await devices.fillMap(['0', '1', '2', '3']);
    await devices.addMapRow();
    expect(await devices.mapAddresses()).toEqual(['0', '1', '2', '3', '4']);
    expect(await devices.focusedMapCell()).toEqual({ channel: 5, col: 0 });
    await devices.removeMapRow(5);
    expect(await devices.mapAddresses()).toEqual(['0', '1', '2', '3']);
    expect(await devices.focusedMapCell()).toEqual({ channel: 4, col: 0 });

    // A register board with command words in hex, as its manual prints them; the same word twice is the kiosk's to refuse.
    await devices.editor.getByLabel('Relays switched through', { exact: true }).selectOption('register');
    await devices.fillMap(['1', '2', '3', '4']);
    await devices.editor.getByLabel('Command word: on', { exact: true }).fill('0x0100');
    await devices.editor.getByLabel('Command word: off', { exact: true }).fill('256');
    await devices.editor.getByLabel('Inputs read from', { exact: true }).selectOption('');
    await devices.saveWith(devices.editor, 'New hardware installed');
    await expect.poll(() => devices.editorFieldError('Command word: off')).toBe('registerMap.relays: on and off are the same command word (256)');
    await devices.editor.getByLabel('Command word: off', { exact: true }).fill('0x0200');
    await devices.mapCell(4).press('Enter');
    await expect.poll(() => devices.done()).toBe('rs485-r4 saved and applied. Next: choose the lane that uses it (Lane wiring, Edit).');
    expect(await devices.deviceSummary('rs485-r4')).toContain('unit 3 · own register map');

    // Opened again: the table as saved.
    await devices.editDevice('rs485-r4');
    expect(await devices.mapAddresses()).toEqual(['1', '2', '3', '4']);
    expect(await devices.editor.getByLabel('Command word: on', { exact: true }).inputValue()).toBe('256');
    await devices.editor.getByTestId('register-map').scrollIntoViewIfNeeded();
    await devices.shot('devices-register-map-1024');
    expect(await c.page.locator('dialog[open]').evaluate((d) => d.scrollWidth > d.clientWidth)).toBe(false);
    await devices.closeDialog();
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 60_000);

  it("adds a card reader through its form (the key only named by its variable) and edits the demo board's counts, each kiosk message under its field", async () => {
    const { c, devices } = await newDeviceAtTheBooth('terminal', 'reader-booth2');
    // A Stripe reader: its id is the console's to ask for; a variable other than the allowed ones is the kiosk's to refuse.
    await devices.saveWith(devices.editor, 'New hardware installed');
    expect(await devices.editorFieldError('Stripe reader id')).toBe('Fill this in.');
    await devices.fillReader({ readerId: 'tmr_FDOt2wlRZEdpd7', keyVariable: 'HOME' });
    await devices.saveWith(devices.editor, 'New hardware installed');
    await expect.poll(() => devices.editorFieldError('Environment variable holding the Stripe secret key')).toBe(
      'the key is read from STRIPE_SECRET_KEY or LOTKEEPER_STRIPE_SECRET_KEY_<NAME> (capitals, digits, _)',
    );
    // No secret key field anywhere: the form never takes or shows a key.
    expect(await devices.editor.locator('input[type="password"], [name="secretKey"]').count()).toBe(0);
    expect(await devices.deviceIds()).not.toContain('reader-booth2');
    await devices.shot('devices-reader-refused-1024');
    await expectNoSeriousViolations(c);

    // The simulated reader: its own field, in milliseconds; Enter saves, focus goes on to the lane wiring, where a
    // lane chooses its reader (the reader's form only shows its lane, so the two cannot disagree).
    await devices.fillReader({ driver: 'simulated', waitMs: '800' });
    await devices.editor.getByLabel('Wait before the card is presented (milliseconds)', { exact: true }).press('Enter');
    await expect.poll(() => devices.done()).toBe('reader-booth2 saved and applied. Next: choose the lane that uses it (Lane wiring, Edit).');
    await expect.poll(() => devices.focusedName()).toBe('Edit Entry 1 (Harbour St)');
    await devices.editDevice('reader-booth2');
    expect(await devices.editor.getByLabel('Reader', { exact: true }).inputValue()).toBe('simulated');
    expect(await devices.editor.getByLabel('Wait before the card is presented (milliseconds)', { exact: true }).inputValue()).toBe('800');
    const lane = devices.editor.getByLabel('Serves lane', { exact: true });
    expect([await lane.inputValue(), await lane.getAttribute('readonly')]).toEqual(['None (a booth)', '']);
    // The demo's exit reader shows the lane its wiring gives it; the button goes to that wiring, keyboard on its Edit.
    expect(await devices.escapeEditor(null)).toBeNull();
    await devices.editDevice('reader-out1');
    expect(await devices.editor.getByLabel('Serves lane', { exact: true }).inputValue()).toBe('out1');
    await devices.shot('devices-reader-lane-1024');
    await devices.editor.getByTestId('reader-lane-wiring').press('Enter');
    await devices.editor.waitFor({ state: 'detached' });
    await expect.poll(() => devices.focusedName()).toBe('Edit Exit 1 (Harbour St)');

    // The demo board: its counts as fields; a count past the simulator's is refused under that field, nothing stored.
    await devices.editDevice('demo-board');
    expect(await devices.focusedName()).toBe('Relay channels');
    expect(await devices.editor.getByLabel('Inputs (loop and barrier sensors)', { exact: true }).inputValue()).toBe('8');
    await devices.editor.getByLabel('Relay channels', { exact: true }).fill('40');
    await devices.saveWith(devices.editor, 'New hardware installed');
    await expect.poll(() => devices.editorFieldError('Relay channels')).toBe('the demo board has 1 to 32 relay channels');
    await devices.shot('devices-demo-board-refused-1024');
    expect(await devices.escapeEditor('drop')).toBe('Close this form and drop what you typed?');
    expect(await devices.deviceSummary('demo-board')).toContain('4');
    expect(await devices.screenOverflowsSideways()).toBe(false);
    expect(c.errors).toEqual([]);
    await c.context.close();
  }, 60_000);
});
