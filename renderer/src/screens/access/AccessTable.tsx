import type { ReactNode } from 'react';
import type { AccessRecord, StoredAccessRecord } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { zoneName } from '../../app/names';
import { PlateBadge } from '../../components/PlateBadge';
import { useI18n } from '../../i18n';
import { formatHours } from '../../lib/hours';
import { formatLocalWall } from '../../lib/local-datetime';
import { platesOf, recordOf } from './draft';

/** What a record says beyond its plates, in one line. */
function useDetails(): (record: AccessRecord) => string {
  const { layout } = useApp();
  const { t } = useI18n();
  return (record) => {
    switch (record.kind) {
      case 'permit': {
        const p = record.definition;
        const zones = p.zones.length ? p.zones.map((z) => zoneName(layout, z)).join(', ') : t('access.allZones');
        return [p.holder, t(`access.permitKind.${p.kind}`), t('access.insideAtOnce', { count: p.maxInside }), zones, p.hours.length ? formatHours(p.hours) : t('access.anyTime'), p.note].filter(Boolean).join(' · ');
      }
      case 'deny':
        return [record.definition.list === 'deny' ? t(`access.onMatch.${record.definition.onMatch}`) : '', record.definition.note].filter(Boolean).join(' · ');
      case 'allow':
        return record.definition.note;
      case 'reservation':
        return record.definition.zoneId ? zoneName(layout, record.definition.zoneId) : t('access.allZones');
    }
  };
}

/** When a record applies: a permit's dates, a list entry's expiry, a reservation's arrival window. */
function useValidity(): (record: AccessRecord) => string {
  const { t, fmt } = useI18n();
  return (record) => {
    switch (record.kind) {
      case 'permit':
        return t('access.valid', { from: formatLocalWall(record.definition.validFrom, fmt.locale), until: formatLocalWall(record.definition.validUntil, fmt.locale) });
      case 'allow':
      case 'deny':
        return record.definition.expiresAt === null ? t('access.never') : fmt.dateTime(record.definition.expiresAt);
      case 'reservation':
        return t('access.valid', { from: fmt.dateTime(record.definition.arriveFrom), until: fmt.dateTime(record.definition.arriveUntil) });
    }
  };
}

/** Access records, one row each; a supervisor opens one to edit it (click or Enter). */
export function AccessTable({ records, selected, onOpen }: { records: readonly StoredAccessRecord[]; selected: string | null; onOpen?: ((r: StoredAccessRecord) => void) | undefined }): ReactNode {
  const { t, fmt } = useI18n();
  const details = useDetails();
  const validity = useValidity();
  return (
    <table className={`table access-table${onOpen ? ' table-rows' : ''}`} data-testid="access-table">
      <colgroup>
        <col className="col-kind" />
        <col className="col-plates" />
        <col />
        <col className="col-valid" />
      </colgroup>
      <thead>
        <tr>
          <th scope="col">{t('access.kindColumn')}</th>
          <th scope="col">{t('access.plates')}</th>
          <th scope="col">{t('access.details')}</th>
          <th scope="col">{t('access.validColumn')}</th>
        </tr>
      </thead>
      <tbody>
        {records.map((stored) => {
          const record = recordOf(stored);
          const key = `${stored.kind}:${stored.id}`;
          return (
            <tr
              key={key}
              data-record={key}
              aria-selected={selected === key}
              tabIndex={onOpen ? 0 : undefined}
              onClick={onOpen ? () => onOpen(stored) : undefined}
              onKeyDown={onOpen ? (e) => e.key === 'Enter' && onOpen(stored) : undefined}
            >
              <td>
                {t(`access.one.${stored.kind}`)}
                <br />
                <code className="muted nowrap">{stored.id}</code>
                <br />
                <span className="muted access-changed" title={t('access.updatedBy', { time: fmt.dateTime(stored.updatedAt), user: stored.updatedBy })}>
                  {t(`access.origin.${stored.origin}`)} · {fmt.dayTime(stored.updatedAt, Date.now())}
                </span>
              </td>
              <td>
                <span className="access-plates">
                  {platesOf(record).map((plate) => (
                    <PlateBadge key={plate} plate={plate} size="sm" />
                  ))}
                </span>
              </td>
              <td title={details(record)}>
                <div className="access-details">{details(record)}</div>
              </td>
              <td>{validity(record)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
