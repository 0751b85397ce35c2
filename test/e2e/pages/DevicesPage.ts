import type { Locator } from 'playwright-core';
import { ConsolePage } from './ConsolePage';

export interface RelayBoardForm {
  id?: string;
  protocol?: 'ch340' | 'ascii' | 'modbus';
  path?: string;
  serialNumber?: string;
  channels?: string;
  inputs?: string;
  modbusAddress?: string;
}

export interface LaneWiring {
  relayBoard: string;
  loopInput: string;
  barrierInput: string;
  reason: string;
}

/** The admin's devices screen (Shift+F9): serial ports, the devices list and editor, the lanes' wiring. */
export class DevicesPage extends ConsolePage {
  get portRows(): Locator {
    return this.page.locator('[data-testid="ports-table"] tbody tr');
  }

  get editor(): Locator {
    return this.page.getByTestId('device-editor');
  }

  get laneEditor(): Locator {
    return this.page.getByTestId('lane-settings-editor');
  }

  async open(): Promise<void> {
    await this.go('devices');
    await this.waitLoaded();
  }

  async openByKey(): Promise<void> {
    await this.page.keyboard.press('Shift+F9');
    await this.screen('devices').waitFor();
    await this.waitLoaded();
  }

  async waitLoaded(): Promise<void> {
    await this.page.getByTestId('ports-table').waitFor();
    await this.page.getByTestId('devices-table').waitFor();
    await this.page.getByTestId('lane-settings-table').waitFor();
  }

  /** The ports' paths, or [] with the empty-state text when the PC has none. */
  async ports(): Promise<{ paths: string[]; empty: string | null }> {
    const paths = await this.page.locator('[data-testid="ports-table"] tbody tr[data-port]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-port') ?? ''));
    const empty = this.page.locator('[data-testid="ports-table"] tbody tr.empty-row');
    return { paths, empty: (await empty.count()) ? (await empty.innerText()).trim() : null };
  }

  /** "Use for a new relay board" on a port's row: the board form opens with that port filled in. */
  async usePort(path: string): Promise<void> {
    await this.page.locator(`[data-testid="ports-table"] tr[data-port="${path}"] button`).click();
    await this.editor.waitFor();
  }

  /** How the open board form finds its port: ['serialNumber', 'A10K5XYZ'] or ['path', '/dev/ttyUSB0']. */
  async editorPort(): Promise<[string, string]> {
    const by = await this.editor.getByLabel('Find the board by', { exact: true }).inputValue();
    const label = by === 'path' ? 'Path' : 'USB serial number';
    return [by, await this.editor.getByLabel(label, { exact: true }).inputValue()];
  }

  async editDevice(id: string): Promise<void> {
    await this.page.locator(`[data-testid="devices-table"] tr[data-device="${id}"] button`).click();
    await this.editor.waitFor();
  }

  async closeDialog(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.locator('dialog[open]').waitFor({ state: 'detached' });
  }

  async deviceIds(): Promise<string[]> {
    return this.page.locator('[data-testid="devices-table"] tbody tr[data-device]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-device') ?? ''));
  }

  async newRelayBoard(): Promise<void> {
    await this.page.locator('button[data-new="relay"]').click();
    await this.editor.waitFor();
  }

  /** Fills the relay board form (only the fields given). */
  async fillRelay(form: RelayBoardForm): Promise<void> {
    const e = this.editor;
    if (form.id !== undefined) await e.getByLabel('Id', { exact: true }).fill(form.id);
    if (form.protocol !== undefined) await e.getByLabel('Protocol', { exact: true }).selectOption(form.protocol);
    if (form.path !== undefined) {
      await e.getByLabel('Find the board by', { exact: true }).selectOption('path');
      await e.getByLabel('Path', { exact: true }).fill(form.path);
    }
    if (form.serialNumber !== undefined) {
      await e.getByLabel('Find the board by', { exact: true }).selectOption('serialNumber');
      await e.getByLabel('USB serial number', { exact: true }).fill(form.serialNumber);
    }
    if (form.channels !== undefined) await e.getByLabel('Relay channels', { exact: true }).fill(form.channels);
    if (form.inputs !== undefined) await e.getByLabel('Inputs', { exact: true }).fill(form.inputs);
    if (form.modbusAddress !== undefined) await e.getByLabel('Modbus address', { exact: true }).fill(form.modbusAddress);
  }

  /** Types the reason and presses Enter (the form checks itself, then the kiosk checks the board). */
  async saveWith(editor: Locator, reason: string): Promise<void> {
    await editor.getByLabel('Reason', { exact: true }).fill(reason);
    await editor.getByLabel('Reason', { exact: true }).press('Enter');
  }

  async editorError(): Promise<string> {
    const alert = this.editor.getByRole('alert');
    await alert.first().waitFor();
    return (await alert.allInnerTexts()).join(' ').trim();
  }

  async done(): Promise<string> {
    const el = this.page.getByTestId('devices-done');
    await el.waitFor();
    return (await el.innerText()).trim();
  }

  async editLane(laneId: string): Promise<void> {
    await this.page.locator(`[data-testid="lane-settings-table"] tr[data-lane="${laneId}"] button`).click();
    await this.laneEditor.waitFor();
  }

  async wireLane(w: LaneWiring): Promise<void> {
    const e = this.laneEditor;
    await e.getByLabel('Relay board', { exact: true }).selectOption(w.relayBoard);
    await e.getByLabel('Loop input', { exact: true }).fill(w.loopInput);
    await e.getByLabel('Barrier sensor input', { exact: true }).fill(w.barrierInput);
    await this.saveWith(e, w.reason);
  }

  async laneRelayBoard(laneId: string): Promise<string> {
    return (await this.page.locator(`[data-testid="lane-settings-table"] tr[data-lane="${laneId}"] [data-cell="relayBoard"]`).innerText()).trim();
  }
}
