import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { AuditEntry } from '../api';
import { useI18n } from '../i18n';
import { auditSentence } from '../lib/audit-sentences';

/**
 * Audit entries, one sentence each. The whole log (`of="log"`) shows each entry's place in the log; a session's
 * own trail (`of="session"`) leaves it out. With `onOpen`, the rows are one tab stop: ↑/↓ (Home/End) move between
 * them and Enter or a click opens one.
 */
export function AuditTable({ entries, of, testId, onOpen }: { entries: readonly AuditEntry[]; of: 'log' | 'session'; testId: string; onOpen?: (entry: AuditEntry) => void }): ReactNode {
  const i18n = useI18n();
  const { t, fmt } = i18n;
  const [active, setActive] = useState(0);
  const log = of === 'log';
  const current = Math.min(active, Math.max(0, entries.length - 1));
  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>, index: number, entry: AuditEntry): void => {
    const to = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: entries.length - 1 }[e.key];
    if (e.key === 'Enter') {
      e.preventDefault();
      onOpen?.(entry);
    } else if (to !== undefined && to >= 0 && to < entries.length) {
      e.preventDefault();
      setActive(to);
      (e.currentTarget.parentElement?.children[to] as HTMLElement | undefined)?.focus();
    }
  };
  return (
    <table className={`table table-compact audit-table${onOpen ? ' table-rows' : ''}`} data-testid={testId}>
      <thead>
        <tr>
          {log ? <th scope="col" className="num">{t('audit.number')}</th> : null}
          <th scope="col">{t('audit.at')}</th>
          <th scope="col">{t('audit.what')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e, index) => (
          <tr
            key={e.seq}
            data-seq={e.seq}
            {...(onOpen
              ? { tabIndex: index === current ? 0 : -1, onKeyDown: (k: KeyboardEvent<HTMLTableRowElement>) => onKeyDown(k, index, e), onClick: () => { setActive(index); onOpen(e); }, onFocus: () => setActive(index) }
              : {})}
          >
            {log ? <td className="num">{e.seq}</td> : null}
            <td className="tnum nowrap">{fmt.dateTimeSeconds(e.at)}</td>
            <td className="audit-sentence">{auditSentence(e, i18n)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
