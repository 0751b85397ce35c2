import type { ReactNode } from 'react';
import type { DeviceHealth } from '../../api';
import type { DeviceConfig, LaneSettings, PrinterView, SerialPortView } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { laneName } from '../../app/names';
import { HealthBadge } from '../../components/StatusBadge';
import { TableHead } from '../../components/TableHead';
import { useI18n } from '../../i18n';
import type { Formatters } from '../../i18n/format';
import { fieldValue, settingsText } from '../../lib/readable';
import { TestPrintButton, type TestPrint } from '../../components/TestPrint';
import { connectionSummary } from './printer-draft';

function EmptyRow({ span, text }: { span: number; text: string }): ReactNode {
  return (
    <tr className="empty-row">
      <td colSpan={span} className="muted">{text}</td>
    </tr>
  );
}

/** The serial ports the kiosk PC sees, each offered as the port of a new relay board. */
export function PortsTable({ ports, onUse }: { ports: readonly SerialPortView[]; onUse(port: SerialPortView): void }): ReactNode {
  const { t } = useI18n();
  return (
    <table className="table devices-table" data-testid="ports-table">
      <thead>
        <tr>
          <th scope="col">{t('devices.portPath')}</th>
          <th scope="col">{t('devices.manufacturer')}</th>
          <th scope="col">{t('devices.serialNumber')}</th>
          <th scope="col">{t('devices.usbIds')}</th>
          <th scope="col"><span className="visually-hidden">{t('devices.useForBoard')}</span></th>
        </tr>
      </thead>
      <tbody>
        {ports.length === 0 ? <EmptyRow span={5} text={t('devices.portsNone')} /> : null}
        {ports.map((p) => (
          <tr key={p.path} data-port={p.path}>
            <td><code>{p.path}</code></td>
            <td>{p.manufacturer ?? '—'}</td>
            <td><code>{p.serialNumber ?? '—'}</code></td>
            <td className="tnum">{p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : '—'}</td>
            <td className="row-actions">
              <button type="button" className="btn btn-small" onClick={() => onUse(p)}>{t('devices.useForBoard')}</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A relay board in one line: protocol, port (path or USB identity), serial settings, and for Modbus its unit and map. */
export function boardSummary(config: DeviceConfig['config'], fmt: Formatters): string {
  const board = config.board;
  if (config.driver !== 'serial' || typeof board !== 'object' || board === null) return settingsText(config, fmt);
  const { protocol, port, baudRate, dataBits, parity, stopBits, modbusAddress, profile, registerMap } = board as Record<string, unknown>;
  const parityLetter = typeof parity === 'string' ? parity.charAt(0).toUpperCase() : 'N';
  const serial = `${String(baudRate ?? 9600)} baud ${String(dataBits ?? 8)}${parityLetter}${String(stopBits ?? 1)}`;
  const modbus = protocol === 'modbus' ? [`unit ${String(modbusAddress ?? 1)}`, registerMap ? 'own register map' : String(profile ?? 'generic-coils')] : [];
  return [String(protocol), typeof port === 'string' ? port : settingsText(port, fmt), serial, ...modbus].join(' · ');
}

/** Every device, the lanes that use it, and an edit button (keyboard: Tab to it, Enter). */
export function DevicesTable({
  devices,
  lanes,
  health,
  onEdit,
}: {
  devices: readonly DeviceConfig[];
  lanes: readonly LaneSettings[];
  /** What each device last said about itself (live): a relay board's alarm shows here. */
  health: ReadonlyMap<string, DeviceHealth>;
  onEdit(device: DeviceConfig): void;
}): ReactNode {
  const { layout } = useApp();
  const { t, fmt } = useI18n();
  const usedBy = (id: string): string =>
    lanes
      .filter((l) => l.relayBoard === id || l.camera === id || l.terminal === id)
      .map((l) => laneName(layout, l.laneId))
      .join(', ');
  return (
    <table className="table devices-table" data-testid="devices-table">
      <thead>
        <tr>
          <th scope="col">{t('devices.id')}</th>
          <th scope="col">{t('devices.kind')}</th>
          <th scope="col">{t('devices.config')}</th>
          <th scope="col">{t('devices.usedBy')}</th>
          <th scope="col">{t('devices.health')}</th>
          <th scope="col"><span className="visually-hidden">{t('devices.edit')}</span></th>
        </tr>
      </thead>
      <tbody>
        {devices.length === 0 ? <EmptyRow span={6} text={t('devices.none')} /> : null}
        {devices.map((d) => (
          <tr key={d.id} data-device={d.id}>
            <td><code>{d.id}</code></td>
            <td className="nowrap">{t(`devices.kind.${d.kind}`)}</td>
            <td className="device-settings">{d.kind === 'relay' ? boardSummary(d.config, fmt) : settingsText(d.config, fmt)}</td>
            <td>{usedBy(d.id)}</td>
            <td className="device-health" data-cell="health">
              {health.get(d.id) ? <><HealthBadge healthy={health.get(d.id)!.healthy} /> <span className="muted">{health.get(d.id)!.detail}</span></> : <span className="muted">{t('devices.noReport')}</span>}
            </td>
            <td className="row-actions">
              <button type="button" className="btn btn-small" onClick={() => onEdit(d)} aria-label={t('devices.editOne', { name: d.id })}>{t('devices.edit')}</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each lane's wiring and mode, one row each, edited in a dialog. */
export function LanesTable({ lanes, onEdit }: { lanes: readonly LaneSettings[]; onEdit(settings: LaneSettings): void }): ReactNode {
  const { layout } = useApp();
  const { t, fmt } = useI18n();
  const none = '—';
  return (
    <table className="table devices-table" data-testid="lane-settings-table">
      <thead>
        <tr>
          <th scope="col">{t('devices.lane')}</th>
          <th scope="col">{t('devices.relayBoard')}</th>
          <th scope="col" className="num">{t('devices.laneInputs')}</th>
          <th scope="col" className="num">{t('devices.pulse')}</th>
          <th scope="col">{t('devices.camera')}</th>
          <th scope="col">{t('devices.terminal')}</th>
          <th scope="col">{t('devices.mode')}</th>
          <th scope="col" className="num">{t('devices.minRead')}</th>
          <th scope="col"><span className="visually-hidden">{t('devices.edit')}</span></th>
        </tr>
      </thead>
      <tbody>
        {lanes.map((l) => (
          <tr key={l.laneId} data-lane={l.laneId}>
            <td>{laneName(layout, l.laneId)}</td>
            <td data-cell="relayBoard"><code>{l.relayBoard ?? none}</code></td>
            <td className="num">{`${l.loopInput ?? none} / ${l.barrierInput ?? none}`}</td>
            <td className="num">{fieldValue('pulseMs', l.pulseMs, fmt)}</td>
            <td><code>{l.camera ?? none}</code></td>
            <td><code>{l.terminal ?? none}</code></td>
            <td>{t(`mode.${l.mode}`)}</td>
            <td className="num">{fmt.percent(l.minConfidence)}</td>
            <td className="row-actions">
              <button type="button" className="btn btn-small" data-edit-lane={l.laneId} onClick={() => onEdit(l)} aria-label={t('devices.editOne', { name: laneName(layout, l.laneId) ?? l.laneId })}>{t('devices.edit')}</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each receipt printer: where it serves, how it is connected, how it is now (live), a test print and an edit button. */
export function PrintersTable({ printers, testPrint, onEdit }: { printers: readonly PrinterView[]; testPrint: TestPrint; onEdit(printer: PrinterView): void }): ReactNode {
  const { layout } = useApp();
  const { t } = useI18n();
  return (
    <table className="table devices-table" data-testid="printers-table">
      <TableHead columns={[{ label: t('devices.id') }, { label: t('printers.serves') }, { label: t('printers.connection') }, { label: t('printers.health') }, { label: t('devices.edit'), hidden: true }]} />
      <tbody>
        {printers.length === 0 ? <EmptyRow span={5} text={t('printers.none')} /> : null}
        {printers.map((p) => (
          <tr key={p.id} data-printer={p.id}>
            <td><code>{p.id}</code></td>
            <td className="nowrap">{laneName(layout, p.laneId) ?? t('printers.booth')}</td>
            <td className="nowrap">
              {t(`printers.transport.${p.connection.transport}`)}
              {connectionSummary(p.connection) ? <> · <code>{connectionSummary(p.connection)}</code></> : null}
            </td>
            <td className="printer-health" data-cell="health">
              <HealthBadge healthy={p.healthy} /> <span className="muted">{p.detail}</span>
            </td>
            <td className="row-actions">
              <TestPrintButton printerId={p.id} state={testPrint} />{' '}
              <button type="button" className="btn btn-small" data-edit-printer={p.id} onClick={() => onEdit(p)} aria-label={t('printers.editOne', { name: p.id })}>{t('devices.edit')}</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
