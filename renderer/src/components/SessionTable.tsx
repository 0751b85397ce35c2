import type { KeyboardEvent, ReactNode } from 'react';
import type { Session } from '../api';
import { useApp } from '../app/context';
import { className, zoneName } from '../app/names';
import { useI18n } from '../i18n';
import { PlateBadge } from './PlateBadge';
import { StatusBadge } from './StatusBadge';

type Row = Session & { score?: number | null };

/** ↑/↓ move focus between rows (the list scrolls with it); ↑ on the first row hands focus back to `onAboveFirst`. */
function moveFocus(e: KeyboardEvent<HTMLTableRowElement>, onAboveFirst: (() => void) | undefined): void {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const next = e.key === 'ArrowDown' ? e.currentTarget.nextElementSibling : e.currentTarget.previousElementSibling;
  e.preventDefault();
  if (next instanceof HTMLElement && next.tabIndex === 0) next.focus();
  else if (e.key === 'ArrowUp') onAboveFirst?.();
}

/** Sessions as rows; Enter or a click on a row opens it, ↑/↓ move between rows. `now` drives the "inside for" column. */
export function SessionTable({
  sessions,
  now,
  onOpen,
  showScore,
  testId,
  empty,
  compact,
  onAboveFirst,
}: {
  sessions: readonly Row[];
  now: number;
  onOpen(id: number): void;
  showScore?: boolean;
  testId?: string;
  /** Shown as the only row when there are no sessions. */
  empty?: string;
  /** Dashboard: no vehicle class column, today's times without the date. */
  compact?: boolean;
  /** ↑ on the first row: where focus goes back to (the search field). */
  onAboveFirst?: () => void;
}): ReactNode {
  const { layout } = useApp();
  const { t, fmt, duration } = useI18n();
  return (
    <table className="table table-rows" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('field.plate')}</th>
          {showScore ? <th scope="col" className="num">{t('sessions.score')}</th> : null}
          <th scope="col">{t('field.zone')}</th>
          {compact ? null : <th scope="col">{t('field.vehicleClass')}</th>}
          <th scope="col">{t('sessions.entered')}</th>
          <th scope="col" className="num">{t('sessions.stay')}</th>
          <th scope="col">{t('field.status')}</th>
        </tr>
      </thead>
      <tbody>
        {sessions.length === 0 && empty ? (
          <tr className="empty-row">
            <td colSpan={7} className="muted">{empty}</td>
          </tr>
        ) : null}
        {sessions.map((s) => (
          <tr
            key={s.id}
            tabIndex={0}
            data-session={s.id}
            data-plate={s.plateKey}
            onClick={() => onOpen(s.id)}
            onKeyDown={(e) => {
              // preventDefault: otherwise the Enter's keypress lands on the dialog's first button and clicks it.
              if (e.key === 'Enter') {
                e.preventDefault();
                onOpen(s.id);
              }
              moveFocus(e, onAboveFirst);
            }}
          >
            <td>
              <PlateBadge plate={s.plateRaw} size="sm" />
            </td>
            {showScore ? <td className="num">{s.score == null ? t('sessions.samePlate') : fmt.percent(s.score)}</td> : null}
            <td>{zoneName(layout, s.zoneId)}</td>
            {compact ? null : <td>{className(layout, s.vehicleClass)}</td>}
            <td className="tnum">{compact ? fmt.dayTime(s.entryAt, now) : fmt.dateTime(s.entryAt)}</td>
            <td className="num">{duration(((s.exitAt ?? now) - s.entryAt) / 60_000)}</td>
            <td>
              <StatusBadge status={s.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
