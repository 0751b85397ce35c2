import type { Locator } from 'playwright-core';
import { ConsolePage } from './ConsolePage';
import { printOutcome } from './print-outcome';

export interface RelayBoardForm {
  id?: string;
  protocol?: 'ch340' | 'ascii' | 'modbus';
  path?: string;
  serialNumber?: string;
  channels?: string;
  inputs?: string;
  modbusAddress?: string;
  parity?: '' | 'none' | 'even' | 'odd';
  /** A built-in register map's name; '' = generic coils. */
  profile?: string;
  /** The board model's register map, or the board's own (the table editor). */
  mapSource?: 'model' | 'own';
}

export interface ReaderForm {
  readonly driver?: 'stripe' | 'simulated';
  readonly readerId?: string;
  readonly keyVariable?: string;
  readonly autoPresent?: 'after' | 'never';
  readonly waitMs?: string;
}

export interface CameraForm {
  id?: string;
  driver?: 'rtsp' | 'mjpeg' | 'snapshot' | 'usb' | 'replay' | 'demo';
  url?: string;
  width?: string;
  height?: string;
  intervalMs?: string;
}

export interface PrinterForm {
  id?: string;
  /** The lane's name as the select shows it, or 'Booth'. */
  serves?: string;
  transport?: 'tcp' | 'serial';
  host?: string;
  port?: string;
  path?: string;
  baudRate?: string;
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

  get printerEditor(): Locator {
    return this.page.getByTestId('printer-editor');
  }

  get printersPanel(): Locator {
    return this.page.locator('section:has([data-testid="printers-table"])');
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
    await this.page.getByTestId('printers-table').waitFor();
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
    if (form.parity !== undefined) await e.getByLabel('Parity', { exact: true }).selectOption(form.parity);
    if (form.profile !== undefined) await e.getByLabel('Board model', { exact: true }).selectOption(form.profile);
    if (form.mapSource !== undefined) await e.getByLabel('Register map', { exact: true }).selectOption(form.mapSource);
  }

  /** Opens the form for a new camera or card reader from the screen's buttons. */
  async newDevice(kind: 'camera' | 'terminal'): Promise<void> {
    await this.page.locator(`button[data-new="${kind}"]`).click();
    await this.editor.waitFor();
  }

  /** Fills the camera form (only the fields given), labels as the admin reads them, units in words. */
  async fillCamera(form: CameraForm): Promise<void> {
    await this.fillLabelled([
      ['Id', form.id],
      ['Connected by', form.driver],
      ['Camera address (URL)', form.url],
      ['Picture width (pixels)', form.width],
      ['Picture height (pixels)', form.height],
      ['Time between pictures (milliseconds)', form.intervalMs],
    ]);
  }

  /** Fills the card reader form (only the fields given), labels as the admin reads them. */
  async fillReader(form: ReaderForm): Promise<void> {
    await this.fillLabelled([
      ['Reader', form.driver],
      ['Stripe reader id', form.readerId],
      ['Environment variable holding the Stripe secret key', form.keyVariable],
      ['Card presented', form.autoPresent],
      ['Wait before the card is presented (milliseconds)', form.waitMs],
    ]);
  }

  /** Each given field of the editor by its label, in order: a select gets its option, a text field the text. */
  private async fillLabelled(fields: ReadonlyArray<readonly [string, string | undefined]>): Promise<void> {
    for (const [label, value] of fields) {
      if (value === undefined) continue;
      const field = this.editor.getByLabel(label, { exact: true });
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
  }

  /** The error line under one field of the device form ('' when none). */
  async editorFieldError(label: string): Promise<string> {
    const input = this.editor.getByLabel(label, { exact: true });
    const errId = `${await input.getAttribute('id')}-err`;
    const error = this.editor.locator(`[id="${errId}"]`);
    return (await error.count()) ? (await error.innerText()).trim() : '';
  }

  get mapTable(): Locator {
    return this.editor.getByTestId('register-map-table');
  }

  /** The address cell of a channel (1 = the first row) in the register map table. */
  mapCell(channel: number): Locator {
    return this.mapTable.locator(`tr[data-row="${channel}"] input`);
  }

  /** The table's addresses, channel 1 first. */
  async mapAddresses(): Promise<string[]> {
    return this.mapTable.locator('tbody input').evaluateAll((cells) => cells.map((c) => (c as HTMLInputElement).value));
  }

  /** Types each channel's address into its cell. */
  async fillMap(addresses: readonly string[]): Promise<void> {
    for (const [i, address] of addresses.entries()) await this.mapCell(i + 1).fill(address);
  }

  /** The message under a channel's cell ('' when none). */
  async mapCellError(channel: number): Promise<string> {
    const error = this.mapTable.locator(`tr[data-row="${channel}"] .field-error`);
    return (await error.count()) ? (await error.innerText()).trim() : '';
  }

  async addMapRow(): Promise<void> {
    await this.editor.getByTestId('register-map-add').click();
  }

  async removeMapRow(channel: number): Promise<void> {
    await this.editor.getByRole('button', { name: `Remove channel ${channel}`, exact: true }).click();
  }

  /** Where the keyboard is in the map table: the channel's row and the column (0 = address, 1 = Remove), or null. */
  focusedMapCell(): Promise<{ channel: number; col: number } | null> {
    return this.page.evaluate(() => {
      const el = document.activeElement;
      const row = el?.getAttribute('data-cell-row');
      return row == null ? null : { channel: Number(row) + 1, col: Number(el!.getAttribute('data-cell-col')) };
    });
  }

  focusedName(): Promise<string> {
    return this.focusedLabel();
  }

  /** Esc on the open device form; `answer` is what the admin answers when it asks to drop the typed text (null: it must not ask). */
  async escapeEditor(answer: 'keep' | 'drop' | null): Promise<string | null> {
    let asked: string | null = null;
    const onDialog = (d: { message(): string; accept(): Promise<void>; dismiss(): Promise<void> }): void => {
      asked = d.message();
      void (answer === 'drop' ? d.accept() : d.dismiss());
    };
    this.page.once('dialog', onDialog);
    await this.page.keyboard.press('Escape');
    if (answer !== 'keep') await this.editor.waitFor({ state: 'detached' });
    else await this.page.waitForFunction(() => true);
    this.page.off('dialog', onDialog);
    return asked;
  }

  /** A device's settings as the devices table sums them up. */
  async deviceSummary(id: string): Promise<string> {
    return (await this.page.locator(`[data-testid="devices-table"] tr[data-device="${id}"] td.device-settings`).textContent()) ?? '';
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

  /** The lane's region of interest, in percent of the picture (left, top, width, height). */
  async fillLaneRoi(roi: { left: string; top: string; width: string; height: string }): Promise<void> {
    const e = this.laneEditor;
    await e.getByLabel('Left (%)', { exact: true }).fill(roi.left);
    await e.getByLabel('Top (%)', { exact: true }).fill(roi.top);
    await e.getByLabel('Width (%)', { exact: true }).fill(roi.width);
    await e.getByLabel('Height (%)', { exact: true }).fill(roi.height);
  }

  async fieldError(label: string): Promise<string> {
    return this.laneEditor.locator('.field', { has: this.page.getByLabel(label, { exact: true }) }).locator('.field-error').innerText();
  }

  async laneRelayBoard(laneId: string): Promise<string> {
    return (await this.page.locator(`[data-testid="lane-settings-table"] tr[data-lane="${laneId}"] [data-cell="relayBoard"]`).innerText()).trim();
  }

  /** "New printer" from the keyboard: Tab along the screen's head buttons to it, then Enter. */
  async newPrinterByKeyboard(): Promise<void> {
    const button = this.page.locator('button[data-new="printer"]');
    await this.page.locator('button[data-new="relay"]').focus();
    for (let i = 0; i < 5 && !(await button.evaluate((b) => b === document.activeElement)); i++) await this.page.keyboard.press('Tab');
    await this.page.keyboard.press('Enter');
    await this.printerEditor.waitFor();
  }

  /** Fills the printer form (only the fields given), field by field as an admin would. */
  async fillPrinter(form: PrinterForm): Promise<void> {
    const e = this.printerEditor;
    if (form.id !== undefined) await e.getByLabel('Id', { exact: true }).fill(form.id);
    if (form.serves !== undefined) await e.getByLabel('Serves', { exact: true }).selectOption({ label: form.serves });
    if (form.transport !== undefined) await e.getByLabel('Connected by', { exact: true }).selectOption(form.transport);
    if (form.host !== undefined) await e.getByLabel('Host or IP address', { exact: true }).fill(form.host);
    if (form.port !== undefined) await e.getByLabel('Port', { exact: true }).fill(form.port);
    if (form.path !== undefined) await e.getByLabel('Serial port', { exact: true }).fill(form.path);
    if (form.baudRate !== undefined) await e.getByLabel('Baud rate', { exact: true }).selectOption(form.baudRate);
  }

  /** The error line under one field of the printer form ('' when none). */
  async printerFieldError(label: string): Promise<string> {
    const input = this.printerEditor.getByLabel(label, { exact: true });
    const errId = `${await input.getAttribute('id')}-err`;
    const error = this.printerEditor.locator(`[id="${errId}"]`);
    return (await error.count()) ? (await error.innerText()).trim() : '';
  }

  async printerIds(): Promise<string[]> {
    return this.page.locator('[data-testid="printers-table"] tbody tr[data-printer]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-printer') ?? ''));
  }

  async printerRow(id: string): Promise<string> {
    return (await this.page.locator(`[data-testid="printers-table"] tr[data-printer="${id}"]`).innerText()).replace(/\s+/g, ' ').trim();
  }

  /** Waits until the printer's health cell reads `text` (it follows the devices panel live). */
  async waitPrinterHealth(id: string, text: RegExp): Promise<string> {
    const cell = this.page.locator(`[data-testid="printers-table"] tr[data-printer="${id}"] [data-cell="health"]`);
    await cell.filter({ hasText: text }).waitFor();
    return (await cell.innerText()).replace(/\s+/g, ' ').trim();
  }

  async editPrinter(id: string): Promise<void> {
    await this.page.locator(`[data-testid="printers-table"] button[data-edit-printer="${id}"]`).click();
    await this.printerEditor.waitFor();
  }

  /** "Test print" on a printer's row, and the line it leaves under the printers. */
  async testPrint(id: string): Promise<string> {
    const button = this.page.locator(`[data-testid="printers-table"] button[data-test-print="${id}"]`);
    await button.click();
    // The line is cleared as the slip is sent and written when the printer has answered (the button is free again).
    await button.and(this.page.locator(':enabled')).waitFor();
    return printOutcome(this.printersPanel);
  }

  async warning(): Promise<string> {
    const el = this.page.getByTestId('devices-warning');
    await el.waitFor();
    return (await el.innerText()).trim();
  }
}
