import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { CallOutput, Session } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { ErrorNotice, SuccessNotice } from '../../components/ErrorNotice';
import { fieldErrors } from '../../components/errors';
import { SelectField } from '../../components/Field';
import { PlateBadge } from '../../components/PlateBadge';
import { ChargeTable } from '../../components/ChargeTable';
import { useI18n } from '../../i18n';
import { useReasonInput } from '../../lib/reason';
import { ReasonField } from '../../components/ReasonField';
import { PaidNotice } from './PaidNotice';
import { PaymentPanel } from './PaymentPanel';
import type { PayResult } from './payment-types';

/** The exit as the kiosk recorded it, with the payment that finished it when there was one. */
export type ExitResult = CallOutput<'sessions.manualExit'> & { paid?: PayResult };

/**
 * The picked session's charge as of now, then lane + reason + confirm; after the exit, the charge it recorded.
 * Taking the payment here finishes the exit the attendant started ("paid at the booth").
 *
 * Focus: after Take cash (or any payment) and after Confirm exit, the result's heading, scrolled into view (at
 * 1366x768 it is below the fold). A second Enter while the exit is on its way sends nothing (guarded, and the
 * button is disabled); the kiosk refuses a session already closed.
 */
export function ExitPanel({ session, finished, onFinished }: { session: Session | null; finished: ExitResult | null; onFinished(r: ExitResult): void }): ReactNode {
  const { client, layout } = useApp();
  const { t, fmt } = useI18n();
  const [laneId, setLaneId] = useState('');
  const reason = useReasonInput();
  const { busy, error, run } = useCallAction();
  const charge = useLoad(async () => (session ? (await client.call('sessions.get', { id: session.id })).charge : null), [session?.id]);
  const sending = useRef(false);
  const doneRef = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Waived under the card minimum: nothing is due and no payment finishes the exit, so its reason is the next step.
  const waived = (): void => formRef.current?.querySelector<HTMLInputElement>('input[name="reason"]')?.focus();
  useEffect(() => {
    if (!finished) return;
    doneRef.current?.focus();
    doneRef.current?.scrollIntoView({ block: 'nearest' });
  }, [finished]);

  if (finished) {
    return (
      <section className="card" aria-labelledby="exit-title" data-testid="exit-done">
        <h2 id="exit-title" tabIndex={-1} ref={doneRef}>{t('exit.doneTitle')}</h2>
        <SuccessNotice>
          <PlateBadge plate={finished.session.plateRaw} size="sm" />{' '}
          {t('exit.done', { time: finished.session.exitAt ? fmt.time(finished.session.exitAt) : '—', amount: fmt.money(finished.charge.totalMinor, finished.charge.currency) })}
        </SuccessNotice>
        {finished.paid ? <PaidNotice paid={finished.paid} /> : null}
        <ChargeTable charge={finished.charge} caption={t('exit.finalQuote')} />
      </section>
    );
  }
  if (!session) {
    return (
      <section className="card card-empty" aria-labelledby="exit-title">
        <h2 id="exit-title">{t('exit.confirmTitle')}</h2>
        <p className="muted">{t('exit.pickFirst')}</p>
      </section>
    );
  }

  const finish = async (why: string, paid?: PayResult): Promise<void> => {
    if (sending.current) return;
    sending.current = true;
    await run(async () => {
      onFinished({ ...(await client.call('sessions.manualExit', { sessionId: session.id, laneId: laneId || null, reason: why })), paid });
    });
    sending.current = false;
  };
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!reason.check()) return;
    await finish(reason.value.trim());
  };
  const server = fieldErrors(error);
  return (
    <section className="card" aria-labelledby="exit-title">
      <h2 id="exit-title">
        {t('exit.confirmTitle')} <PlateBadge plate={session.plateRaw} size="sm" />
      </h2>
      <div className="quote-slot">
        {session.status === 'open' || session.status === 'paid' ? (
          <PaymentPanel session={session} laneId={laneId} onPaid={(paid) => void finish(t('reason.exit.paidAtBooth'), paid)} onWaived={waived} />
        ) : charge.data ? (
          <ChargeTable charge={charge.data} caption={t('exit.quoteNow')} />
        ) : (
          <p className="muted">{charge.loading ? t('common.loading') : ''}</p>
        )}
        <ErrorNotice error={charge.error} />
      </div>
      <form ref={formRef} className="form-grid" onSubmit={submit} noValidate data-testid="exit-form">
        <SelectField label={t('field.lane')} value={laneId} onChange={(e) => setLaneId(e.target.value)} error={server.laneId}
          options={[{ value: '', label: t('exit.noLane') }, ...layout.lanes.filter((l) => l.direction === 'exit').map((l) => ({ value: l.id, label: l.name }))]} />
        <ReasonField value={reason.value} onChange={reason.set} error={reason.problem ?? server.reason} presets="exit" />
        <div className="form-actions field-wide">
          <button type="submit" className="btn btn-primary" disabled={busy}>{t('exit.confirm')} <kbd>Enter</kbd></button>
        </div>
      </form>
      <ErrorNotice error={Object.keys(server).length ? null : error} />
    </section>
  );
}
