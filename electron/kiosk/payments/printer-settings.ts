/**
 * Receipt printers as the admin sets them up on the Devices screen, and the supervisor's test print. A save is
 * checked against the site (the booth or an exit lane, an id no device has) and the driver's own schema, stored in
 * one transaction with its audit row and its outbox row, and put to work at once: the printer's driver is
 * re-opened and asked how it is, so the devices panel shows the new printer within seconds, without a restart.
 */
import { listSerialPorts } from '../../../native/relay';
import { EscPos } from '../../../native/printer';
import type { PrinterConnection, PrinterSettings, PrinterTestView, PrinterView } from '../contract/printers';
import { audit, type Actor, type Core } from '../core';
import { NOT_HEARD_FROM, type DeviceRegistry } from '../devices';
import { conflict, invalid, notFound } from '../errors';
import type { PrinterRecord } from '../store/printers-repo';
import { checkPrinterConfig, type PrinterRegistry, type StoredPrinterConfig } from './printers';
import { formatTime, type ReceiptBody } from './receipt';

/** The connection as the driver's stored config (native/printer's, or the demo's simulated printer). */
export function storedConfigOf(connection: PrinterConnection): StoredPrinterConfig {
  if (connection.transport === 'simulated') return { driver: 'simulated' };
  return connection;
}

/** A stored config as the console edits it (the driver's defaults filled in). */
export function connectionOf(id: string, config: unknown): PrinterConnection {
  const checked = checkPrinterConfig(id, config);
  return 'driver' in checked ? { transport: 'simulated' } : checked;
}

/** The short slip a test print puts on paper: which printer, where, when and who asked. ASCII (EscPos drops accents). */
export function testSlip(site: ReceiptBody['site'], printer: { id: string; where: string }, at: number, by: string): Uint8Array {
  return new EscPos()
    .align('centre')
    .bold(true)
    .line('TEST PRINT')
    .bold(false)
    .line(site.name)
    .align('left')
    .line(`Printer: ${printer.id}`)
    .line(`Serves:  ${printer.where}`)
    .line(`Time:    ${formatTime(at, site)}`)
    .line(`By:      ${by}`)
    .line('If you can read this, the printer works.')
    .cut()
    .bytes();
}

export type SerialPortLister = () => Promise<readonly { path: string }[]>;

export class PrinterSettingsService {
  constructor(
    private readonly core: Core,
    private readonly printers: PrinterRegistry,
    private readonly devices: DeviceRegistry,
    private readonly ports: SerialPortLister = listSerialPorts,
  ) {}

  list(): PrinterView[] {
    return this.core.store.printers.all().map((record) => this.view(record));
  }

  async save(settings: PrinterSettings, isNew: boolean, reason: string, actor: Actor): Promise<{ printer: PrinterView; warnings: string[] }> {
    const { store } = this.core;
    const record: PrinterRecord = { id: settings.id, laneId: settings.laneId, config: storedConfigOf(settings.connection) };
    const before = store.printers.get(record.id);
    if (isNew && before) throw conflict(`printer ${record.id} already exists: edit it in the list, or give the new printer its own id`);
    this.assertFits(record);
    const warnings = await this.warnings(settings.connection);
    const at = this.core.now();
    store.change(() => {
      store.printers.save(record, actor.username, at);
      audit(this.core, {
        actor: actor.username,
        action: 'printer.save',
        subject: `printer:${record.id}`,
        detail: { before: before && { laneId: before.laneId, config: before.config }, after: { laneId: record.laneId, config: record.config }, reason, warnings },
      });
      store.outbox.appendEvent('printer', `printer:${record.id}`, { ...record, updatedBy: actor.username, updatedAt: at }, at);
    });
    this.core.bus.log({ at, kind: 'settings', text: `printer ${record.id} saved by ${actor.username}`, sessionId: null });
    await this.printers.replace(record);
    return { printer: this.view(record), warnings };
  }

  /** Prints the test slip through the printer's driver; what the printer said is the answer, and it is audited. */
  async testPrint(printerId: string, actor: Actor): Promise<PrinterTestView> {
    const record = this.core.store.printers.get(printerId);
    if (!record) throw notFound(`printer ${printerId}`);
    if (!this.printers.list().some((p) => p.id === printerId)) {
      const detail = this.devices.get(printerId)?.detail ?? 'not started';
      throw conflict(`printer ${printerId} is not running (${detail}): fix its settings on the Devices screen first`);
    }
    const layout = this.core.layout();
    const where = record.laneId === null ? 'booth' : (layout.lanes.find((l) => l.id === record.laneId)?.name ?? record.laneId);
    const result = await this.printers.test(testSlip(layout.site, { id: printerId, where }, this.core.now(), actor.username), printerId);
    this.core.store.change(() =>
      audit(this.core, { actor: actor.username, action: 'printer.test_print', subject: `printer:${printerId}`, detail: { printed: result.printed, status: result.status, detail: result.detail } }),
    );
    return result;
  }

  /** At the booth or an exit lane (where drivers pay), with an id no device has, and a config its driver takes. */
  private assertFits(record: PrinterRecord): void {
    if (record.laneId !== null) {
      const lane = this.core.layout().lanes.find((l) => l.id === record.laneId);
      if (!lane) throw invalid(`lane ${record.laneId} does not exist at this site`);
      if (lane.direction !== 'exit') throw invalid(`${lane.name} is an entry lane: a printer serves the booth or an exit lane, where drivers pay`);
    }
    const device = this.core.store.lanes.devices().find((d) => d.id === record.id);
    if (device) throw invalid(`${record.id} is already the id of a device (${device.kind}): give the printer its own id`);
    try {
      checkPrinterConfig(record.id, record.config);
    } catch (error) {
      throw invalid(`printer ${record.id}: ${(error as Error).message.replace(/^printer config: /, '')}`);
    }
  }

  /** Saved anyway, but said: a serial port this PC does not list now (unplugged, or a typo). */
  private async warnings(connection: PrinterConnection): Promise<string[]> {
    if (connection.transport !== 'serial') return [];
    const listed = await this.ports().catch(() => null);
    if (listed === null) return [`the serial ports of this PC could not be listed: check that ${connection.path} is the printer's port`];
    if (listed.some((p) => p.path === connection.path)) return [];
    return [`${connection.path} is not among the serial ports this PC lists now: saved anyway; plug the printer in, or check the path`];
  }

  private view(record: PrinterRecord): PrinterView {
    const health = this.devices.get(record.id);
    return { id: record.id, laneId: record.laneId, connection: connectionOf(record.id, record.config), healthy: health?.healthy ?? false, detail: health?.detail ?? NOT_HEARD_FROM };
  }
}
