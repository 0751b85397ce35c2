import type { ReactNode } from 'react';
import type { DeviceHealth } from '../../api';
import { useApp } from '../../app/context';
import { laneName } from '../../app/names';
import { HealthBadge } from '../../components/StatusBadge';
import { useI18n } from '../../i18n';
import { TestPrintButton, TestPrintOutcome, useTestPrint } from '../../components/TestPrint';

/**
 * One tile per device: what it is, where, healthy or not (in words), and the driver's own detail. A supervisor can
 * send a test slip to a printer from its tile (the kiosk checks the role again); an attendant sees its health only.
 */
export function DevicesPanel({ devices }: { devices: readonly DeviceHealth[] }): ReactNode {
  const { layout, can } = useApp();
  const { t } = useI18n();
  const testPrint = useTestPrint();
  const canTest = can('supervisor');
  return (
    <section className="panel panel-devices" aria-labelledby="dev-title" data-testid="devices">
      <h2 id="dev-title">{t('dashboard.devices')}</h2>
      {devices.length === 0 ? <p className="muted">{t('dashboard.noDevices')}</p> : null}
      <ul className="tiles">
        {devices.map((d) => (
          <li key={d.id} className={`tile ${d.healthy ? 'tile-ok' : 'tile-bad'}`} data-device={d.id}>
            <div className="tile-head">
              <span className="tile-kind">{t(`device.kind.${d.kind}`)}</span>
              <HealthBadge healthy={d.healthy} />
            </div>
            <div className="tile-where">
              {laneName(layout, d.laneId) ?? t('device.siteWide')}
              {canTest && d.kind === 'printer' ? <TestPrintButton printerId={d.id} state={testPrint} /> : null}
            </div>
            <div className="tile-detail" title={d.detail}>{d.detail}</div>
          </li>
        ))}
      </ul>
      {canTest ? <TestPrintOutcome state={testPrint} /> : null}
    </section>
  );
}
