import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { DeviceConfig, LaneSettings } from '../api/lane-types';
import { useApp } from '../app/context';
import { useLoad } from '../app/hooks';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice';
import { useI18n } from '../i18n';
import { DeviceDialog, type DeviceStart } from './devices/DeviceDialog';
import { emptyRelayDraft, relayDraftOf } from './devices/draft';
import { LaneDialog } from './devices/LaneDialog';
import { DevicesTable, LanesTable, PortsTable } from './devices/Tables';
import '../styles/devices.css';

/**
 * Admin (Shift+F9): the serial ports this PC sees, the relay boards, cameras and card readers, and which of them
 * each lane uses. Every save carries a reason (audited) and the kiosk applies it at once.
 */
export function DevicesScreen(): ReactNode {
  const { client, route } = useApp();
  const { t } = useI18n();
  const firstRef = useRef<HTMLButtonElement>(null);
  const ports = useLoad(async () => (await client.call('devices.ports', {})).ports, []);
  const configs = useLoad(() => client.call('devices.configs', {}), []);
  const [device, setDevice] = useState<DeviceStart | null>(null);
  const [lane, setLane] = useState<LaneSettings | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => firstRef.current?.focus(), [route.focus]);

  const open = (start: DeviceStart): void => {
    setDone(null);
    setDevice(start);
  };
  const edit = (d: DeviceConfig): void => {
    const draft = d.kind === 'relay' ? relayDraftOf(d) : null;
    open(draft ? { form: 'relay', draft, isNew: false } : { form: 'json', device: d, isNew: false });
  };
  const saved = (message: string): void => {
    setDevice(null);
    setLane(null);
    void configs.reload().then(() => setDone(message));
  };
  const devices = configs.data?.devices ?? [];
  const lanes = configs.data?.lanes ?? [];
  return (
    <div className="devices">
      <div className="screen-head">
        <h1>{t('devices.title')}</h1>
        <div className="form-actions">
          <button ref={firstRef} type="button" className="btn btn-primary" data-new="relay" onClick={() => open({ form: 'relay', draft: emptyRelayDraft(), isNew: true })}>
            {t('devices.newRelay')}
          </button>
          <button type="button" className="btn" data-new="camera" onClick={() => open({ form: 'json', device: { id: '', kind: 'camera', config: { driver: 'replay', folder: '' } }, isNew: true })}>
            {t('devices.newCamera')}
          </button>
        </div>
      </div>
      <div className="form-result">{done ? <SuccessNotice><span data-testid="devices-done">{done}</span></SuccessNotice> : <ErrorNotice error={configs.error} />}</div>
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
          {configs.data ? <DevicesTable devices={devices} lanes={lanes} onEdit={edit} /> : null}
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
      {device ? <DeviceDialog start={device} onDone={saved} onClose={() => setDevice(null)} /> : null}
      {lane ? <LaneDialog settings={lane} devices={devices} onDone={saved} onClose={() => setLane(null)} /> : null}
    </div>
  );
}
