import { useState, type ReactNode } from 'react';
import './dashboard.css';
import type { CallOutput, KioskEvent, Session } from '../../api';
import { useApp } from '../../app/context';
import { useCoalesced, useKioskEvent, useLoad, useNow } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SessionTable } from '../../components/SessionTable';
import { useI18n } from '../../i18n';
import { DevicesPanel } from './DevicesPanel';
import { EventsFeed } from './EventsFeed';
import { FillForecast } from './FillForecast';
import { OccupancyPanel } from './OccupancyPanel';
import { SpacesPanel } from './SpacesPanel';

const eventKey = (e: KioskEvent): string => `${e.at}|${e.kind}|${e.sessionId ?? ''}|${e.text}`;

/** Pushed events and the last loaded feed, newest first, each once. */
function mergeEvents(pushed: readonly KioskEvent[], loaded: readonly KioskEvent[]): KioskEvent[] {
  const seen = new Set<string>();
  return [...pushed, ...loaded]
    .filter((e) => !seen.has(eventKey(e)) && (seen.add(eventKey(e)), true))
    .sort((a, b) => b.at - a.at)
    .slice(0, 50);
}

type Dash = CallOutput<'dashboard.get'> & { openSessions: Session[] };

/**
 * Live lot state. Loads once, then follows pushed events: a lot change reloads (coalesced to one call per 150 ms,
 * well inside a second), a logged event is prepended, device health is replaced. The only timer is the clock.
 */
export function DashboardScreen(): ReactNode {
  const { client, navigate } = useApp();
  const { t, fmt } = useI18n();
  const now = useNow(30_000);
  const [extraEvents, setExtraEvents] = useState<KioskEvent[]>([]);
  const [devices, setDevices] = useState<CallOutput<'dashboard.get'>['devices'] | null>(null);

  const dash = useLoad<Dash>(async () => {
    const [d, open, paid] = await Promise.all([
      // Device health is a full snapshot from either this answer or a devices.changed push: the later one wins.
      client.call('dashboard.get', {}).then((x) => (setDevices(x.devices), x)),
      client.call('sessions.search', { status: 'open', limit: 200 }),
      client.call('sessions.search', { status: 'paid', limit: 200 }),
    ]);
    const openSessions = [...open.sessions, ...paid.sessions].sort((a, b) => b.entryAt - a.entryAt);
    return { ...d, openSessions };
  }, []);
  const reload = useCoalesced(dash.reload, 150);

  useKioskEvent('lot.changed', reload);
  useKioskEvent('event.logged', (e) => setExtraEvents((xs) => [e, ...xs].slice(0, 50)));
  useKioskEvent('devices.changed', (p) => setDevices(p.devices));

  const d = dash.data;
  const events = mergeEvents(extraEvents, d?.events ?? []);
  const devs = devices ?? [];
  const capacity = d ? d.occupancy.reduce((s, r) => s + r.capacity, 0) : 0;
  const faults = devs.filter((x) => !x.healthy).length;

  return (
    <div className="dashboard">
      <h1 className="visually-hidden">{t('nav.dashboard')}</h1>
      <ErrorNotice error={dash.error} />
      <div className="kpis">
        <div className="kpi" data-testid="kpi-inside">
          <span className="kpi-label">{t('dashboard.inside')}</span>
          <span className="kpi-value num" data-testid="inside-count">{d ? fmt.number(d.inside) : '–'}</span>
        </div>
        <div className="kpi">
          <span className="kpi-label">{t('dashboard.free')}</span>
          <span className="kpi-value num">{d ? fmt.number(Math.max(0, capacity - d.inside)) : '–'}</span>
        </div>
        <div className="kpi">
          <span className="kpi-label">{t('dashboard.capacity')}</span>
          <span className="kpi-value num">{d ? fmt.number(capacity) : '–'}</span>
        </div>
        <FillForecast now={now} />
        <div className={`kpi ${devs.length === 0 ? '' : faults ? 'kpi-bad' : 'kpi-ok'}`}>
          <span className="kpi-label">{t('dashboard.deviceFaults')}</span>
          <span className="kpi-value kpi-text">
            {!d ? '–' : devs.length === 0 ? t('dashboard.noneReported') : faults ? t('dashboard.faults', { count: faults }) : t('dashboard.allOk')}
          </span>
        </div>
      </div>
      <div className="dash-grid">
        <div className="dash-col">
          <OccupancyPanel rows={d?.occupancy ?? []} loaded={d !== undefined} />
          <SpacesPanel />
          <section className="panel panel-open" aria-labelledby="open-title">
            <h2 id="open-title">{t('dashboard.openSessions', { count: d?.openSessions.length ?? 0 })}</h2>
            <div className="panel-scroll" tabIndex={0}>
              <SessionTable
                sessions={d?.openSessions ?? []}
                now={now}
                onOpen={(id) => navigate({ screen: 'sessions', sessionId: id })}
                testId="open-sessions"
                empty={d ? t('dashboard.nobodyInside') : t('common.loading')}
                compact
              />
            </div>
          </section>
        </div>
        <div className="dash-col">
          <DevicesPanel devices={devs} />
          <EventsFeed events={events} />
        </div>
      </div>
    </div>
  );
}
