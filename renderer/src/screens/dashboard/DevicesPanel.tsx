import type { ReactNode } from 'react';
import type { DeviceHealth } from '../../api';
import { useApp } from '../../app/context';
import { laneName } from '../../app/names';
import { HealthBadge } from '../../components/StatusBadge';
import { useI18n } from '../../i18n';

/** One tile per device: what it is, where, healthy or not (in words), and the driver's own detail. */
export function DevicesPanel({ devices }: { devices: readonly DeviceHealth[] }): ReactNode {
  const { layout } = useApp();
  const { t } = useI18n();
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
            <div className="tile-where">{laneName(layout, d.laneId) ?? t('device.siteWide')}</div>
            <div className="tile-detail" title={d.detail}>{d.detail}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
