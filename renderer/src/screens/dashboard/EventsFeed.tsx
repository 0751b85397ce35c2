import type { ReactNode } from 'react';
import type { KioskEvent } from '../../api';
import { useApp } from '../../app/context';
import { useI18n } from '../../i18n';

/** The latest lot events, newest first; a row with a session opens it. */
export function EventsFeed({ events }: { events: readonly KioskEvent[] }): ReactNode {
  const { navigate } = useApp();
  const { t, fmt } = useI18n();
  return (
    <section className="panel panel-events" aria-labelledby="ev-title" data-testid="events">
      <h2 id="ev-title">{t('dashboard.events')}</h2>
      <div className="panel-scroll" tabIndex={0}>
        {events.length === 0 ? <p className="muted">{t('dashboard.noEvents')}</p> : null}
        <ol className="feed">
          {events.map((e, i) => (
            <li key={`${e.at}-${i}`} className={`feed-item feed-${e.kind.replace(/[^a-z]/gi, '-')}`}>
              <time className="num">{fmt.time(e.at)}</time>
              <span className="feed-kind">{e.kind}</span>
              {e.sessionId !== null ? (
                <button type="button" className="link" onClick={() => navigate({ screen: 'sessions', sessionId: e.sessionId ?? undefined })}>
                  {e.text}
                </button>
              ) : (
                <span>{e.text}</span>
              )}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
