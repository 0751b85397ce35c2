import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { CallOutput } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction, useKioskEvent, useLoad } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useI18n, type MessageKey } from '../../i18n';

type Anomaly = CallOutput<'anomalies.list'>['anomalies'][number];

/**
 * What the detectors raised and nobody has acknowledged yet, newest first, kept current by `anomalies.changed`.
 * Each is acknowledged with a note (Enter in the note saves); focus then moves to the next one's note.
 */
export function AnomaliesPanel(): ReactNode {
  const { client } = useApp();
  const { t } = useI18n();
  const list = useLoad(() => client.call('anomalies.list', { status: 'open', limit: 100 }), []);
  useKioskEvent('anomalies.changed', list.reload);
  const [said, setSaid] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const anomalies = list.data?.anomalies ?? [];

  const acknowledged = (anomaly: Anomaly, index: number) => {
    setSaid(t('reports.acknowledged', { text: anomaly.text }));
    void list.reload();
    // The next one down takes the focus (or the one above when this was the last); none left: the heading.
    const rest = anomalies.filter((a) => a.id !== anomaly.id);
    const next = rest[Math.min(index, rest.length - 1)];
    requestAnimationFrame(() => (next ? document.getElementById(`note-${next.id}`)?.focus() : heading.current?.focus()));
  };

  return (
    <section className="panel" aria-labelledby="anomalies-title" data-testid="anomalies">
      <h2 id="anomalies-title" ref={heading} tabIndex={-1}>
        {t('reports.anomalies')}
      </h2>
      <p role="status">{said || (anomalies.length ? t('reports.anomaliesOpen', { count: list.data?.open ?? 0 }) : t('reports.noAnomalies'))}</p>
      <ErrorNotice error={list.error} />
      <ul className="anomalies">
        {anomalies.map((anomaly, index) => (
          <AnomalyItem key={anomaly.id} anomaly={anomaly} onDone={() => acknowledged(anomaly, index)} />
        ))}
      </ul>
    </section>
  );
}

function AnomalyItem({ anomaly, onDone }: { anomaly: Anomaly; onDone: () => void }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const [note, setNote] = useState('');
  const { busy, error, run } = useCallAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await client.call('anomalies.acknowledge', { id: anomaly.id, note });
      onDone();
    });
  };
  return (
    <li className="anomaly" data-testid="anomaly">
      <div>
        <strong>{t(`reports.anomalyKind.${anomaly.kind}` as MessageKey)}</strong> <span className="muted">{fmt.dateTime(anomaly.at)}</span>
        <p>{anomaly.text}</p>
      </div>
      <form className="anomaly-ack" onSubmit={submit}>
        <label htmlFor={`note-${anomaly.id}`}>{t('reports.anomalyNote')}</label>
        <input id={`note-${anomaly.id}`} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} required minLength={3} />
        <button type="submit" className="btn" disabled={busy}>
          {t('reports.acknowledge')}
        </button>
        <ErrorNotice error={error} />
      </form>
    </li>
  );
}
