import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApp } from '../../app/context';
import { useKioskEvent, useLoad } from '../../app/hooks';
import { className, laneName, zoneName } from '../../app/names';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { PlateBadge } from '../../components/PlateBadge';
import { ChargeTable } from '../../components/ChargeTable';
import { DiscountForm } from '../../components/DiscountForm';
import { StatusBadge } from '../../components/StatusBadge';
import { useI18n } from '../../i18n';
import { AuditTrail } from './AuditTrail';
import { EvidencePanel } from './EvidencePanel';
import { ExtendFreeTimeForm } from './ExtendFreeTimeForm';
import { FixPlateForm } from './FixPlateForm';
import { TextDriverForm, type QueuedText } from './TextDriverForm';
import { SessionReasonForm } from './SessionReasonForm';

function Item({ label, children, testId }: { label: string; children: ReactNode; testId?: string }): ReactNode {
  return (
    <div className="dl-item">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children ?? '—'}</dd>
    </div>
  );
}

/** A number that answered STOP is never texted: the attendant must hear that, not "queued". */
const textedKey = (m: QueuedText) => (m.state === 'suppressed' ? 'text.optedOut' : m.template === 'stay.ending' ? 'text.reminderQueued' : 'text.receiptQueued');

/** Everything about one session: the plate as read and as keyed, times in site time, lanes, reasons, quote, audit. */
export function SessionDetail({ id, onClose, onChanged }: { id: number; onClose(): void; onChanged(): void }): ReactNode {
  const { client, layout, can, navigate } = useApp();
  const { t, fmt, duration } = useI18n();
  const [form, setForm] = useState<'void' | 'reopen' | 'fixPlate' | 'receipt' | 'reminder' | 'freeTime' | 'discount' | null>(null);
  const [texted, setTexted] = useState<QueuedText | null>(null);
  const detail = useLoad(() => client.call('sessions.get', { id }), [id]);
  useKioskEvent('lot.changed', (p) => {
    if (p.sessionId === id) void detail.reload();
  });
  const d = detail.data;
  const s = d?.session;
  const inside = s && (s.status === 'open' || s.status === 'paid');
  // The form closes once the detail shows the change, so what is on screen is never the session before it.
  const done = (): void => {
    void detail.reload().finally(() => setForm(null));
    onChanged();
  };
  const queued = (message: QueuedText): void => {
    setForm(null);
    setTexted(message);
    void detail.reload();
  };
  const open = (next: NonNullable<typeof form>): void => {
    setTexted(null);
    setForm(next);
  };
  // When a panel closes (done or cancelled), focus goes to the session's first action as it now stands (a stay
  // reopened offers its manual exit first), else to the window's close button: never to the page behind.
  const actions = useRef<HTMLDivElement>(null);
  const panelWasOpen = useRef(false);
  useEffect(() => {
    if (form !== null) panelWasOpen.current = true;
    else if (panelWasOpen.current) {
      panelWasOpen.current = false;
      const dialog = actions.current?.closest('dialog');
      (actions.current?.querySelector<HTMLElement>('button') ?? dialog?.querySelector<HTMLElement>('.dialog-x'))?.focus();
    }
  }, [form]);
  // A paid car inside has until the end of its grace period to leave: the natural time to remind it of.
  const graceEnds = s?.status === 'paid' ? (d?.charge?.graceUntil ?? null) : null;

  return (
    <Dialog title={t('session.title', { id })} onClose={onClose} wide>
      <ErrorNotice error={detail.error} />
      {s ? (
        <div className="detail" data-testid="session-detail">
          <div className="detail-head">
            <PlateBadge plate={s.plateRaw} size="lg" />
            <StatusBadge status={s.status} />
            <div className="detail-actions" ref={actions}>
              {inside ? (
                <button type="button" className="btn" onClick={() => navigate({ screen: 'exit', sessionId: s.id })}>
                  {t('session.startExit')}
                </button>
              ) : null}
              {s.status !== 'voided' && form === null ? (
                <button type="button" className="btn" onClick={() => open('fixPlate')} data-testid="fix-plate">
                  {t('session.fixPlate')}
                </button>
              ) : null}
              {s.paidMinor > 0 && s.status !== 'voided' && form === null ? (
                <button type="button" className="btn" onClick={() => open('receipt')}>{t('text.receipt')}</button>
              ) : null}
              {inside && form === null ? (
                <button type="button" className="btn" onClick={() => open('reminder')}>{t('text.reminder')}</button>
              ) : null}
              {can('supervisor') && s.status === 'open' && form === null ? (
                <button type="button" className="btn" onClick={() => open('freeTime')} data-testid="extend-free-time">
                  {t('session.extendFreeTime')}
                </button>
              ) : null}
              {can('supervisor') && s.status === 'open' && form === null ? (
                <button type="button" className="btn" onClick={() => open('discount')} data-testid="discount">
                  {t('session.discount')}
                </button>
              ) : null}
              {can('supervisor') && s.status === 'closed' && form === null ? (
                <button type="button" className="btn" onClick={() => open('reopen')} data-testid="reopen">
                  {t('session.reopen')}
                </button>
              ) : null}
              {can('supervisor') && inside && form === null ? (
                <button type="button" className="btn btn-danger" onClick={() => open('void')}>
                  {t('session.void')}
                </button>
              ) : null}
            </div>
          </div>
          {form === 'void' || form === 'reopen' ? <SessionReasonForm action={form} sessionId={s.id} onCancel={() => setForm(null)} onDone={done} /> : null}
          {form === 'freeTime' ? <ExtendFreeTimeForm sessionId={s.id} onCancel={() => setForm(null)} onDone={done} /> : null}
          {form === 'discount' ? <DiscountForm sessionId={s.id} currency={fmt.currency} onCancel={() => setForm(null)} onDone={done} /> : null}
          {form === 'fixPlate' ? <FixPlateForm sessionId={s.id} onCancel={() => setForm(null)} onDone={done} /> : null}
          {form === 'receipt' || form === 'reminder' ? (
            <TextDriverForm sessionId={s.id} kind={form} endsAt={graceEnds !== null && graceEnds > Date.now() ? graceEnds : null} onCancel={() => setForm(null)} onQueued={queued} />
          ) : null}
          {texted ? (
            <SuccessNotice>
              <span data-testid="text-queued">{t(textedKey(texted), { to: texted.to })}</span>
            </SuccessNotice>
          ) : null}
          <div className="detail-cols">
            <dl className="dl">
              <Item label={t('session.plateRaw')} testId="plate-raw">{s.plateRaw}</Item>
              <Item label={t('session.plateKey')} testId="plate-key"><PlateBadge plate={s.plateKey} size="sm" /></Item>
              <Item label={t('session.confidence')}>
                {s.plateConfidence === null ? t('session.typedByHand') : fmt.percent(s.plateConfidence)}
              </Item>
              <Item label={t('field.zone')}>{zoneName(layout, s.zoneId)}</Item>
              <Item label={t('field.vehicleClass')}>{className(layout, s.vehicleClass)}</Item>
              <Item label={t('field.spaceType')}>{t(`spaceType.${s.spaceType}`)}</Item>
              <Item label={t('session.paid')}>
                {s.paidMinor > 0 ? t('session.paidAt', { amount: fmt.money(s.paidMinor), time: s.paidAt ? fmt.dateTime(s.paidAt) : '—' }) : t('session.notPaid')}
              </Item>
            </dl>
            <dl className="dl">
              <Item label={t('session.entryAt')} testId="entry-at">{fmt.dateTimeSeconds(s.entryAt)}</Item>
              <Item label={t('session.entryLane')}>{laneName(layout, s.entryLane) ?? t('session.noLane')}</Item>
              <Item label={t('session.entryReason')}>{s.entryManualReason ?? t('session.automatic')}</Item>
              <Item label={t('session.openedBy')}>{s.openedBy}</Item>
              <Item label={t('session.exitAt')}>{s.exitAt ? fmt.dateTimeSeconds(s.exitAt) : t('session.stillInside')}</Item>
              <Item label={t('session.exitLane')}>{laneName(layout, s.exitLane) ?? '—'}</Item>
              <Item label={t('session.exitReason')}>{s.exitManualReason ?? '—'}</Item>
              <Item label={t('session.closedBy')}>{s.closedBy ?? '—'}</Item>
              <Item label={t('sessions.stay')}>{duration(((s.exitAt ?? Date.now()) - s.entryAt) / 60_000)}</Item>
            </dl>
          </div>
          <EvidencePanel session={s} />
          <div className="detail-bottom">
            {d.charge ? <ChargeTable charge={d.charge} caption={t(inside ? 'session.quoteNow' : 'session.quoteFinal')} /> : <p className="muted">{t('session.noQuote')}</p>}
            <AuditTrail entries={d.audit} />
          </div>
        </div>
      ) : (
        <p className="muted">{detail.loading ? t('common.loading') : ''}</p>
      )}
    </Dialog>
  );
}
