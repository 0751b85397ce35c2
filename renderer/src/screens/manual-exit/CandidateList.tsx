import type { ReactNode } from 'react';
import type { Session } from '../../api';
import { useApp } from '../../app/context';
import { className, zoneName } from '../../app/names';
import { PlateBadge } from '../../components/PlateBadge';
import { useI18n } from '../../i18n';

export interface Candidate {
  session: Session;
  score: number;
}

/** Matches as a radio group: arrow keys move, the best match is picked first. */
export function CandidateList({ candidates, picked, onPick }: { candidates: readonly Candidate[]; picked: number | null; onPick(id: number): void }): ReactNode {
  const { layout } = useApp();
  const { t, fmt } = useI18n();
  if (candidates.length === 0) return <p className="notice notice-info" role="status">{t('exit.noMatch')}</p>;
  return (
    <fieldset className="candidates" data-testid="exit-candidates">
      <legend>{t('exit.candidates', { count: candidates.length })}</legend>
      {candidates.map(({ session: s, score }) => (
        <label key={s.id} className={`candidate${picked === s.id ? ' candidate-picked' : ''}`} data-session={s.id} data-plate={s.plateKey}>
          <input type="radio" name="candidate" checked={picked === s.id} onChange={() => onPick(s.id)} />
          <PlateBadge plate={s.plateRaw} size="sm" />
          <span className="candidate-score num">{t('exit.match', { score: fmt.percent(score) })}</span>
          <span className="candidate-meta">
            {zoneName(layout, s.zoneId)} · {className(layout, s.vehicleClass)} · {t('exit.since', { time: fmt.dateTime(s.entryAt) })}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
