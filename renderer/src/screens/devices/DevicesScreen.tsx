import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { DeviceHealth } from '../../api';
import type { DeviceConfig, LaneSettings, PrinterView } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useKioskEvent, useLoad } from '../../app/hooks';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { useI18n } from '../../i18n';
import { DeviceDialog, type DeviceStart } from './DeviceDialog';
import { cameraDraftOf, emptyCameraDraft } from './camera-draft';
import { emptyRelayDraft, relayDraftOf } from './draft';
import { demoBoardDraftOf, emptyReaderDraft, readerDraftOf } from './reader-draft';
import { LaneDialog } from './LaneDialog';
import { PrinterDialog } from './PrinterDialog';
import { emptyPrinterDraft, printerDraftOf, type PrinterDraft } from './printer-draft';
import { DevicesTable, LanesTable, PortsTable, PrintersTable } from './Tables';
import { TestPrintOutcome, useTestPrint } from '../../components/TestPrint';
import './devices.css';

/** The stored printers with their health as the devices panel has it now (pushed with every change). */
function withHealth(printers: readonly PrinterView[], health: ReadonlyMap<string, DeviceHealth>): PrinterView[] {
  return printers.map((p) => {
    const now = health.get(p.id);
    return now ? { ...p, healthy: now.healthy, detail: now.detail } : p;
  });
}

/**
 * Admin (Shift+F9): the serial ports this PC sees, the relay boards, cameras and card readers, the receipt printers
 * (with a test print), and which devices each lane uses. Every save carries a reason (audited) and the kiosk
 * applies it at once.
 */
export function DevicesScreen(): ReactNode {
  const { client, route } = useApp();
  const { t } = useI18n();
  const firstRef = useRef<HTMLButtonElement>(null);
  const ports = useLoad(async () => (await client.call('devices.ports', {})).ports, []);
  const configs = useLoad(() => client.call('devices.configs', {}), []);
  const modbusMaps = useLoad(async () => (await client.call('devices.modbusMaps', {})).maps, []);
  const devices = configs.data?.devices ?? [];
  const lanes = configs.data?.lanes ?? [];
  const [device, setDevice] = useState<DeviceStart | null>(null);
  const [lane, setLane] = useState<LaneSettings | null>(null);
  const printers = useLoad(async () => (await client.call('printers.list', {})).printers, []);
  const [printer, setPrinter] = useState<{ draft: PrinterDraft; isNew: boolean } | null>(null);
  const [health, setHealth] = useState<ReadonlyMap<string, DeviceHealth>>(new Map());
  // Relay boards, cameras, card readers: as the dashboard has them now, then every change as it happens.
  const [deviceHealth, setDeviceHealth] = useState<ReadonlyMap<string, DeviceHealth> | null>(null);
  const dashboard = useLoad(async () => (await client.call('dashboard.get', {})).devices, []);
  useKioskEvent('devices.changed', (p) => {
    setHealth(new Map(p.devices.filter((d) => d.kind === 'printer').map((d) => [d.id, d])));
    setDeviceHealth(new Map(p.devices.filter((d) => d.kind !== 'printer').map((d) => [d.id, d])));
  });
  const testPrint = useTestPrint();
  const [done, setDone] = useState<string | null>(null);
  const [warnings, setWarnings] = useState<readonly string[]>([]);
  useEffect(() => firstRef.current?.focus(), [route.focus]);

  const open = (start: DeviceStart): void => {
    setDone(null);
    setDevice(start);
  };
  const openPrinter = (draft: PrinterDraft, isNew: boolean): void => {
    setDone(null);
    setPrinter({ draft, isNew });
  };
  const edit = (d: DeviceConfig): void => {
    const relay = d.kind === 'relay' ? relayDraftOf(d) : null;
    if (relay) open({ form: 'relay', draft: relay, isNew: false });
    else if (d.kind === 'relay') open({ form: 'demoBoard', draft: demoBoardDraftOf(d), isNew: false });
    else if (d.kind === 'camera') open({ form: 'camera', draft: cameraDraftOf(d), isNew: false });
    else open({ form: 'reader', draft: readerDraftOf(d), isNew: false });
  };
  // After a save: focus goes where the work goes on (a saved device: the wiring of the lane that uses it).
  const [focusNext, setFocusNext] = useState<string | null>(null);
  useEffect(() => {
    if (done && focusNext) document.querySelector<HTMLElement>(focusNext)?.focus();
  }, [done, focusNext]);
  const saved = (message: string, warned: readonly string[] = [], next: string | null = null): void => {
    setDevice(null);
    setLane(null);
    setPrinter(null);
    setWarnings(warned);
    setFocusNext(next);
    void Promise.all([configs.reload(), printers.reload()]).then(() => setDone(message));
  };
  const deviceSaved = (d: DeviceConfig): void => {
    const lane = lanes.find((l) => l.relayBoard === d.id || l.camera === d.id || l.terminal === d.id);
    // A reader names the lane it serves: that lane's wiring is where it gets wired.
    const next = lane?.laneId ?? lanes.find((l) => l.laneId === d.config.laneId)?.laneId;
    saved(t(lane ? 'devices.saved' : 'devices.savedWire', { id: d.id }), [], next ? `[data-edit-lane="${next}"]` : '[data-edit-lane]');
  };
  // A reader's lane is set in the lanes' wiring: its form's button closes it and puts the keyboard on that lane's Edit.
  const toWiring = (laneId: string | null): void => {
    setDevice(null);
    requestAnimationFrame(() => document.querySelector<HTMLElement>(laneId ? `[data-edit-lane="${laneId}"]` : '[data-edit-lane]')?.focus());
  };
  return (
    <div className="devices">
      <div className="screen-head">
        <h1>{t('devices.title')}</h1>
        <div className="form-actions">
          <button ref={firstRef} type="button" className="btn btn-primary" data-new="relay" onClick={() => open({ form: 'relay', draft: emptyRelayDraft(), isNew: true })}>
            {t('devices.newRelay')}
          </button>
          <button type="button" className="btn" data-new="camera" onClick={() => open({ form: 'camera', draft: emptyCameraDraft(), isNew: true })}>
            {t('devices.newCamera')}
          </button>
          <button type="button" className="btn" data-new="terminal" onClick={() => open({ form: 'reader', draft: emptyReaderDraft(), isNew: true })}>
            {t('devices.newReader')}
          </button>
          <button type="button" className="btn" data-new="printer" onClick={() => openPrinter(emptyPrinterDraft(), true)}>
            {t('devices.newPrinter')}
          </button>
        </div>
      </div>
      <div className="form-result">
        {done ? <SuccessNotice><span data-testid="devices-done">{done}</span></SuccessNotice> : <ErrorNotice error={configs.error ?? printers.error} />}
        {done && warnings.length ? (
          <p className="notice notice-warn" role="status" data-testid="devices-warning">
            {warnings.map((w) => t('printers.warning', { warning: w })).join(' ')}
          </p>
        ) : null}
      </div>
      <div className="devices-grid">
        <section className="panel" aria-labelledby="ports-title">
          <div className="panel-head">
            <h2 id="ports-title">{t('devices.ports')}</h2>
            <button type="button" className="btn btn-small" data-testid="ports-refresh" onClick={ports.reload} disabled={ports.loading}>
              {ports.loading ? t('common.loading') : t('devices.portsRefresh')}
            </button>
          </div>
          <ErrorNotice error={ports.error} />
          {ports.data ? <PortsTable ports={ports.data} onUse={(p) => open({ form: 'relay', draft: emptyRelayDraft(p), isNew: true })} /> : null}
        </section>
        <section className="panel" aria-labelledby="devices-list-title">
          <div className="panel-head">
            <h2 id="devices-list-title">{t('devices.list')}</h2>
          </div>
          {configs.data ? <DevicesTable devices={devices} lanes={lanes} health={deviceHealth ?? new Map((dashboard.data ?? []).map((d) => [d.id, d]))} onEdit={edit} /> : null}
        </section>
        <section className="panel" aria-labelledby="printers-title">
          <div className="panel-head">
            <h2 id="printers-title">{t('printers.list')}</h2>
          </div>
          {printers.data ? <PrintersTable printers={withHealth(printers.data, health)} testPrint={testPrint} onEdit={(p) => openPrinter(printerDraftOf(p), false)} /> : null}
          <TestPrintOutcome state={testPrint} />
        </section>
        <section className="panel" aria-labelledby="devices-lanes-title">
          <div className="panel-head">
            <h2 id="devices-lanes-title">{t('devices.lanes')}</h2>
          </div>
          {configs.data ? (
            <LanesTable
              lanes={lanes}
              onEdit={(l) => {
                setDone(null);
                setLane(l);
              }}
            />
          ) : null}
        </section>
      </div>
      {device ? <DeviceDialog start={device} modbusMaps={modbusMaps.data ?? []} onWiring={toWiring} onDone={deviceSaved} onClose={() => setDevice(null)} /> : null}
      {printer ? <PrinterDialog start={printer.draft} isNew={printer.isNew} ports={ports.data} onDone={saved} onClose={() => setPrinter(null)} /> : null}
      {lane ? <LaneDialog settings={lane} devices={devices} onDone={saved} onClose={() => setLane(null)} /> : null}
    </div>
  );
}
