import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { SpaceType } from '../../api';
import { useApp } from '../../app/context';
import { useCallAction, useLoad } from '../../app/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorNotice } from '../../components/ErrorNotice';
import { SelectField, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { PlateField } from '../../components/PlateField';
import { ReasonField } from '../../components/ReasonField';
import { CardStep, ReaderPicker, useCardProgress, useReaders } from '../../components/CardReader';
import { useI18n, type MessageKey } from '../../i18n';
import { epochToZonedInput, parseAmountToMinor, zonedInputToEpoch } from '../../i18n/format';
import { newPaymentKey } from '../../lib/payment-key';
import { useReasonInput } from '../../lib/reason';
import { payOnReader } from './card-flow';
import { PlaceSelects, WindowFields } from './PlaceFields';
import type { BookingView } from './window';

interface DialogProps {
  booking: BookingView;
  onClose(): void;
  onDone(message: string): void;
}

/** The cancellation's fee and refund, read from the kiosk's policy before the attendant confirms. */
function CancelTerms({ booking }: { booking: BookingView }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const preview = useLoad(() => client.call('bookings.cancelPreview', { id: booking.id }), [booking.id]);
  if (!preview.data) return preview.error ? <ErrorNotice error={preview.error} /> : <p className="field-wide muted">{t('common.loading')}</p>;
  return (
    <div className="field-wide cancel-terms" data-testid="cancel-terms">
      <p className="cancel-fee">{t('cancel.fee', { fee: fmt.money(preview.data.feeMinor, preview.data.currency) })}</p>
      <p>{t('cancel.refund', { refund: fmt.money(preview.data.refundMinor, preview.data.currency) })}</p>
    </div>
  );
}

const ENDINGS = {
  cancel: { call: 'bookings.cancel', title: 'cancel.title', confirm: 'cancel.confirm', done: 'cancel.done', testId: 'cancel-booking' },
  noShow: { call: 'bookings.noShow', title: 'noShow.title', confirm: 'noShow.confirm', done: 'noShow.done', testId: 'no-show-booking' },
} as const;

/**
 * Ends a booking before its car came, with a reason: cancelled under the policy (its fee and refund shown first), or
 * a no-show once the grace is over (the kiosk refuses before, and says from when). The fee is kept, the rest refunded.
 */
export function EndDialog({ booking, ending, onClose, onDone }: DialogProps & { ending: keyof typeof ENDINGS }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const words = ENDINGS[ending];
  const reason = useReasonInput();
  const key = useRef(newPaymentKey());
  const { busy, error, run } = useCallAction();
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (!reason.check() || busy) return;
    await run(async () => {
      const done = await client.call(words.call, { id: booking.id, reason: reason.value.trim(), idempotencyKey: key.current });
      onDone(t(words.done, { ref: booking.ref, fee: fmt.money(done.feeMinor, booking.currency), refund: fmt.money(done.refundedMinor, booking.currency) }));
    });
  };
  return (
    <Dialog title={t(words.title, { ref: booking.ref })} onClose={onClose}>
      <form onSubmit={submit} noValidate className="form-grid" data-testid={words.testId}>
        {ending === 'cancel' ? <CancelTerms booking={booking} /> : <p className="field-wide">{t('noShow.text')}</p>}
        <ReasonField value={reason.value} onChange={reason.set} error={reason.problem} presets="booking" />
        <ErrorNotice error={error} labels={{ reason: t('field.reason') }} />
        <FormActions submit={t(words.confirm)} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

type ChangeMethod = 'wallet' | 'cash' | 'card';

/**
 * New window, plate or place; a higher price is taken from the wallet, in cash or by card on the booth's reader (the
 * booking changes only once the card was taken), a lower one refunded the way it was paid.
 */
export function ModifyDialog({ booking, hasWallet, onClose, onDone }: DialogProps & { hasWallet: boolean }): ReactNode {
  const { client } = useApp();
  const { t, fmt } = useI18n();
  const [window, setWindow] = useState({ startsAt: epochToZonedInput(booking.startsAt, fmt.timeZone), endsAt: epochToZonedInput(booking.endsAt, fmt.timeZone) });
  const [plate, setPlate] = useState(booking.plateRaw);
  const [place, setPlace] = useState<{ zoneId: string; spaceType: string }>({ zoneId: booking.zoneId, spaceType: booking.spaceType });
  const [method, setMethod] = useState<ChangeMethod>(hasWallet ? 'wallet' : 'cash');
  const [tendered, setTendered] = useState('');
  const [local, setLocal] = useState<Record<string, string | undefined>>({});
  const [cardOutcome, setCardOutcome] = useState<string | null>(null);
  const readers = useReaders(null);
  const key = useRef(newPaymentKey());
  const { busy, error, run } = useCallAction();
  const progress = useCardProgress((idempotencyKey) => client.call('bookings.cancelCard', { idempotencyKey }), busy);
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const startsAt = zonedInputToEpoch(window.startsAt, fmt.timeZone);
    const endsAt = zonedInputToEpoch(window.endsAt, fmt.timeZone);
    setLocal({ startsAt: startsAt === null ? t('book.badTime') : undefined, endsAt: endsAt === null ? t('book.badTime') : undefined });
    if (startsAt === null || endsAt === null || busy || (method === 'card' && !readers.chosen)) return;
    const payment = method === 'cash' ? { method, tenderedMinor: parseAmountToMinor(tendered, fmt.digits) ?? 0 } : method === 'card' ? { method, terminalId: readers.chosen?.id ?? '' } : { method };
    const sameSpace = place.zoneId === booking.zoneId && place.spaceType === booking.spaceType;
    setCardOutcome(null);
    await run(async () => {
      const request = {
        id: booking.id, version: booking.version, startsAt, endsAt, plate: plate.trim(), zoneId: place.zoneId, spaceType: place.spaceType as SpaceType,
        spaceId: sameSpace ? booking.spaceId : null, payment, idempotencyKey: key.current,
      };
      const done = method === 'card' ? await payOnReader(client, progress, key.current, () => client.call('bookings.modify', request)) : await client.call('bookings.modify', request);
      const outcome = done.card?.outcome ?? 'succeeded';
      if (outcome !== 'succeeded') {
        setCardOutcome(`${t(`pay.outcome.${outcome}` as MessageKey, { message: done.card?.message ?? '' })} ${t('modify.unchanged')}`);
        // Another try is a new card attempt; lost contact keeps this one until Stripe answers.
        if (outcome !== 'unavailable') key.current = newPaymentKey();
        return;
      }
      const charged = done.card ? done.booking.paidMinor - booking.paidMinor : done.chargedMinor;
      onDone(t('modify.done', { ref: booking.ref, charged: fmt.money(charged, booking.currency), refunded: fmt.money(done.refundedMinor, booking.currency) }));
    });
  };
  const methods: ChangeMethod[] = [...(hasWallet ? (['wallet'] as const) : []), 'cash', ...(readers.list.length > 0 ? (['card'] as const) : [])];
  return (
    // While the reader shows the amount, Esc cancels the card (useCardProgress) and the dialog stays to say how it ended.
    <Dialog title={t('modify.title', { ref: booking.ref })} onClose={busy ? () => undefined : onClose} wide>
      <form onSubmit={submit} noValidate className="form-grid" data-testid="modify-booking">
        <WindowFields {...window} onChange={(c) => setWindow((w) => ({ ...w, ...c }))} errors={local} />
        <PlateField name="modify-plate" value={plate} onChange={(e) => setPlate(e.target.value)} />
        <PlaceSelects {...place} onChange={(c) => setPlace((p) => ({ ...p, ...c }))} any={false} />
        <SelectField name="modify-method" label={t('book.method')} value={method} onChange={(e) => setMethod(e.target.value as ChangeMethod)}
          options={methods.map((m) => ({ value: m, label: t(`book.method.${m}`) }))} />
        {method === 'cash' ? <TextField name="modify-tendered" label={t('book.tendered')} inputMode="decimal" className="input-amount" value={tendered} onChange={(e) => setTendered(e.target.value)} /> : null}
        {method === 'card' ? <ReaderPicker readers={readers} disabled={busy} /> : null}
        {busy ? <div className="field-wide"><CardStep step={progress.step} /></div> : null}
        {cardOutcome ? <p className="field-wide notice notice-error" role="alert" data-testid="card-outcome">{cardOutcome}</p> : null}
        <ErrorNotice error={error ?? readers.error} labels={{ startsAt: t('book.startsAt'), endsAt: t('book.endsAt'), plate: t('field.plate'), payment: t('book.method') }} />
        {/* While the card is on the reader, Cancel (or Esc) stops it there. */}
        <FormActions submit={t('modify.save')} busy={busy} onCancel={busy ? progress.cancel : onClose} />
      </form>
    </Dialog>
  );
}
