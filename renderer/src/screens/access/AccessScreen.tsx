import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { AccessKind } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useCoalesced, useKioskEvent, useLoad } from '../../app/hooks';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { PlateField } from '../../components/PlateField';
import { useI18n } from '../../i18n';
import { AccessEditor, type EditorStart } from './AccessEditor';
import { AccessTable } from './AccessTable';
import { AntiPassbackReset } from './AntiPassbackReset';
import './access.css';

const KINDS: readonly AccessKind[] = ['permit', 'allow', 'deny', 'reservation'];

function KindTabs({ shown, onShow }: { shown: AccessKind | 'all'; onShow(kind: AccessKind | 'all'): void }): ReactNode {
  const { t } = useI18n();
  return (
    <div className="access-tabs" role="tablist">
      {(['all', ...KINDS] as const).map((kind) => (
        <button key={kind} type="button" role="tab" className="btn btn-small" aria-selected={shown === kind} data-kind={kind} onClick={() => onShow(kind)}>
          {t(`access.kind.${kind}`)}
        </button>
      ))}
    </div>
  );
}

/**
 * Permits, allow/deny lists and reservations (F10). Everyone may look a plate up; a supervisor creates, edits and
 * removes, with a reason, and resets anti-passback. Another console's change shows through its logged event.
 */
export function AccessScreen(): ReactNode {
  const { client, can, route } = useApp();
  const { t } = useI18n();
  const supervisor = can('supervisor');
  const searchRef = useRef<HTMLInputElement>(null);
  const [shown, setShown] = useState<AccessKind | 'all'>('all');
  const [typed, setTyped] = useState('');
  const [plate, setPlate] = useState('');
  const [editing, setEditing] = useState<EditorStart | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const records = useLoad(async () => {
    const kinds = shown === 'all' ? [...KINDS] : [shown];
    return (await client.call('access.list', { kinds, ...(plate ? { plate } : {}) })).records;
  }, [shown, plate]);
  const reload = useCoalesced(records.reload, 150);
  useKioskEvent('event.logged', (e) => e.kind === 'access' && reload());
  useEffect(() => searchRef.current?.focus(), [route.focus]);

  const search = (e: FormEvent): void => {
    e.preventDefault();
    setPlate(typed.trim());
  };
  const edit = (start: EditorStart): void => {
    setMessage(null);
    setEditing(start);
  };
  const done = (text: string): void => {
    setEditing(null);
    void records.reload().then(() => setMessage(text));
  };
  const list = records.data ?? [];
  return (
    <div className="access">
      <div className="screen-head">
        <h1>{t('access.title')}</h1>
        {supervisor ? (
          <div className="access-tools">
            {KINDS.map((kind) => (
              <button key={kind} type="button" className="btn btn-small" data-new={kind} onClick={() => edit({ kind, stored: null })}>
                {t('access.add', { kind: t(`access.one.${kind}`) })}
              </button>
            ))}
          </div>
        ) : (
          <p className="muted">{t('access.readOnly')}</p>
        )}
      </div>
      <form className="access-tools" onSubmit={search} role="search" data-testid="access-search">
        <PlateField ref={searchRef} name="access-plate" label={t('access.search')} value={typed} onChange={(e) => setTyped(e.target.value)} hint={t('access.searchHint')} />
        <button type="submit" className="btn">{t('action.search')}</button>
        <KindTabs shown={shown} onShow={setShown} />
        <span className="muted" data-testid="access-count">{records.loading ? t('common.loading') : t('access.count', { count: list.length })}</span>
      </form>
      <ErrorNotice error={records.error} />
      <div className="access-grid">
        <div className="panel">
          <div className="panel-scroll">
            <AccessTable
              records={list}
              selected={editing?.stored ? `${editing.stored.kind}:${editing.stored.id}` : null}
              onOpen={supervisor ? (stored) => edit({ kind: stored.kind, stored }) : undefined}
            />
          </div>
        </div>
        <div className="access-side">
          {message ? <SuccessNotice><span data-testid="access-done">{message}</span></SuccessNotice> : null}
          {editing ? <AccessEditor key={`${editing.kind}:${editing.stored?.id ?? 'new'}`} start={editing} onDone={done} onCancel={() => setEditing(null)} /> : null}
          {supervisor && !editing ? <AntiPassbackReset /> : null}
        </div>
      </div>
    </div>
  );
}
