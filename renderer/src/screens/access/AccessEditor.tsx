import { useState, type FormEvent, type ReactNode } from 'react';
import type { AccessKind, StoredAccessRecord } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useCallAction } from '../../app/hooks';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TextField } from '../../components/Field';
import { PlateField } from '../../components/PlateField';
import { useI18n } from '../../i18n';
import { reasonProblem } from '../../lib/reason';
import { ReasonField } from '../../components/ReasonField';
import { ListFields, PermitFields, problemTexts, ReservationFields } from './AccessFields';
import { draftOf, emptyDraft, recordOf, toRecord, type Draft } from './draft';

export interface EditorStart {
  readonly kind: AccessKind;
  /** null: a new record. */
  readonly stored: StoredAccessRecord | null;
}

function KindFields(props: { draft: Draft; set(change: Partial<Draft>): void; errors: Readonly<Record<string, string | undefined>> }): ReactNode {
  switch (props.draft.kind) {
    case 'permit':
      return <PermitFields {...props} />;
    case 'reservation':
      return <ReservationFields {...props} />;
    default:
      return <ListFields {...props} />;
  }
}

/** Creates, edits or removes one permit, list entry or reservation; every change carries a reason (audited). */
export function AccessEditor({ start, onDone, onCancel }: { start: EditorStart; onDone(message: string): void; onCancel(): void }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const editing = start.stored !== null;
  const [draft, setDraft] = useState<Draft>(() => (start.stored ? draftOf(recordOf(start.stored), Date.now(), fmt.timeZone) : emptyDraft(start.kind, Date.now(), fmt.timeZone)));
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const { busy, error, run, clearError } = useCallAction();
  const set = (change: Partial<Draft>): void => setDraft((d) => ({ ...d, ...change }));

  const checked = (problems: Record<string, string>): boolean => {
    const badReason = reasonProblem(reason, t);
    const all = badReason ? { ...problems, reason: badReason } : problems;
    setLocal(all);
    clearError();
    return Object.keys(all).length === 0;
  };
  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const built = toRecord(draft, fmt.timeZone);
    if (!checked('problems' in built ? problemTexts(built.problems, t) : {}) || !('record' in built) || busy) return;
    await run(async () => {
      const { record } = await client.call('access.save', { record: built.record, reason: reason.trim() });
      onDone(t('access.saved', { id: record.id }));
    });
  };
  const remove = async (): Promise<void> => {
    if (!checked({}) || busy) return;
    await run(async () => {
      await client.call('access.remove', { kind: draft.kind, id: draft.id, reason: reason.trim() });
      onDone(t('access.removed', { id: draft.id }));
    });
  };

  const labels = { record: t('access.title'), 'record.definition.plateKeys': t('access.plates'), 'record.definition.plateKey': t('field.plate'), reason: t('field.reason') };
  const single = draft.kind !== 'permit';
  return (
    <form className="card access-form" onSubmit={save} noValidate data-testid="access-editor" data-kind={draft.kind}>
      <h2 className="field-wide">{editing ? `${t(`access.one.${draft.kind}`)}: ${draft.id}` : t('access.new', { kind: t(`access.one.${draft.kind}`) })}</h2>
      <TextField name="id" label={t('access.id')} value={draft.id} onChange={(e) => set({ id: e.target.value.trim().toLowerCase() })} readOnly={editing} error={local.id} />
      <PlateField
        name="plates"
        label={single ? t('field.plate') : t('access.plates')}
        value={draft.plates}
        onChange={(e) => set({ plates: e.target.value })}
        error={local.plates}
        hint={single ? undefined : t('access.platesHint')}
        data-autofocus
        wide
      />
      <KindFields draft={draft} set={set} errors={local} />
      <ReasonField value={reason} onChange={setReason} error={local.reason} presets="access" />
      <ErrorNotice error={error} labels={labels} />
      <div className="form-actions field-wide">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('access.save')} <kbd>Enter</kbd>
        </button>
        {editing ? (
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void remove()}>
            {t('action.remove')}
          </button>
        ) : null}
        <button type="button" className="btn btn-quiet" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
