import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { CallOutput } from '../api';
import { useApp } from '../app/context';
import { useKioskEvent, useLoad } from '../app/hooks';
import { useI18n, type MessageKey } from '../i18n';
import { errorLines } from './errors';
import { SelectField } from './Field';

/** The kiosk cancels a payment no card was presented for after 90 s; the console waits a little longer. */
const READER_LIMIT_MS = 100_000;

type Terminal = CallOutput<'payments.terminals'>['terminals'][number];

export interface Readers {
  list: Terminal[];
  chosen: Terminal | undefined;
  choose(id: string): void;
  /** Why card cannot be taken, when no reader is set up. */
  unavailableReason: string | null;
  /** The reader list has its answer (or its error): until then whether card can be offered is not known. */
  loaded: boolean;
  error: unknown;
}

/** The card readers, kept fresh as devices change; the one used is picked by hand, else the lane's, else the booth's. */
export function useReaders(laneId: string | null): Readers {
  const { client } = useApp();
  const terminals = useLoad(async () => (await client.call('payments.terminals', {})).terminals, []);
  const methods = useLoad(async () => client.call('payments.methods', {}), []);
  const [terminalId, choose] = useState('');
  useKioskEvent('devices.changed', () => void Promise.all([terminals.reload(), methods.reload()]));
  const list = terminals.data ?? [];
  const chosen = list.find((x) => x.id === terminalId) ?? list.find((x) => x.laneId === laneId) ?? list.find((x) => x.laneId === null) ?? list[0];
  return { list, chosen, choose, unavailableReason: methods.data?.card.reason ?? null, loaded: terminals.data !== undefined || terminals.error !== null, error: terminals.error };
}

/** The reader list with each reader's health, and the chosen one's in words. */
export function ReaderPicker({ readers, disabled }: { readers: Readers; disabled: boolean }): ReactNode {
  const { t } = useI18n();
  const { list, chosen } = readers;
  const ready = chosen?.reachable && chosen.readerOnline;
  return (
    <>
      <SelectField label={t('pay.reader')} value={chosen?.id ?? ''} onChange={(e) => readers.choose(e.target.value)} disabled={disabled}
        options={list.map((x) => ({ value: x.id, label: `${x.id} — ${x.reachable && x.readerOnline ? t('pay.readerOk') : t('pay.readerDown', { detail: x.detail })}` }))} />
      <p className={`reader-status ${ready ? 'reader-ok' : 'reader-down'}`} role="status" data-testid="reader-status">
        <span className="dot" aria-hidden="true" /> {chosen ? (ready ? t('pay.readerOk') : t('pay.cardUnavailable')) : (readers.unavailableReason ?? t('common.loading'))}
      </p>
    </>
  );
}

/** A card payment on the reader, as the console follows it and stops it. */
export interface CardProgress {
  /** The step the reader is at, while a payment runs. */
  step: string | null;
  /** Call before the call that starts the payment: resolves when it ends (or at the reader's own time limit). */
  follow(key: string): Promise<void>;
  /** Asks the kiosk to stop the payment on the reader; a refusal or a lost connection is kept in `cancelFailed`. */
  cancel(): Promise<void>;
  /** Esc while the reader waits: the question "Cancel the card payment?" is open. */
  asking: boolean;
  /** "No, keep waiting": the question closes, the keyboard goes back to the cancel button. */
  keepWaiting(): void;
  /** Why the last cancel did not reach the reader, in words (null when it did, or none was tried). */
  cancelFailed: string | null;
  /** The payment's cancel button: the keyboard's place while the reader waits. */
  cancelButton: RefObject<HTMLButtonElement | null>;
  clear(): void;
}

/**
 * A card payment's steps on the reader, by its attempt key: follow(key) before the call starts it, and it settles
 * at the 'finished' event (or, if that is missed, the reader's own time limit). Esc asks before it stops the
 * payment (a stray Esc must not drop a driver's card half-way); the cancel button stops it at once.
 */
export function useCardProgress(cancelCall: (key: string) => Promise<unknown>, busy: boolean): CardProgress {
  const { t } = useI18n();
  const [step, setStep] = useState<string | null>(null);
  const [asking, setAsking] = useState(false);
  const [cancelFailed, setCancelFailed] = useState<string | null>(null);
  const key = useRef<string | null>(null);
  const ended = useRef<(() => void) | null>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef(cancelCall);
  cancelRef.current = cancelCall;
  useKioskEvent('payments.progress', (p) => {
    if (p.idempotencyKey !== key.current) return;
    if (p.step === 'finished') ended.current?.();
    else setStep(p.step);
  });
  useEffect(() => {
    if (!busy) setAsking(false);
  }, [busy]);
  const asked = useRef(false);
  useEffect(() => {
    // After the question closes (the dialog has given its focus back by now), the keyboard is on the cancel button:
    // the one thing to do while the reader waits.
    if (asked.current && !asking) cancelButton.current?.focus();
    asked.current = asking;
  }, [asking]);
  useEffect(() => {
    // The question's own Esc (the dialog's cancel) means "keep waiting": it must not ask again underneath.
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || !busy || asking) return;
      // The key's default action would close the question it opens (the dialog is shown before that action runs).
      e.preventDefault();
      setAsking(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, asking]);
  const cancel = async (): Promise<void> => {
    setAsking(false);
    if (!key.current) return;
    try {
      await cancelRef.current(key.current);
      setCancelFailed(null);
    } catch (error) {
      setCancelFailed(errorLines(error, t).join(' '));
    }
  };
  const follow = (k: string): Promise<void> => {
    key.current = k;
    setCancelFailed(null);
    return new Promise<void>((resolve) => {
      ended.current = resolve;
      setTimeout(resolve, READER_LIMIT_MS);
    });
  };
  const keepWaiting = (): void => setAsking(false);
  const clear = (): void => {
    setStep(null);
    setCancelFailed(null);
  };
  return { step, follow, cancel, asking, keepWaiting, cancelFailed, cancelButton, clear };
}

/** The step the reader is at, said in words while a payment runs. */
export function CardStep({ step }: { step: string | null }): ReactNode {
  const { t } = useI18n();
  return step ? <p className="pay-step" aria-live="polite" data-testid="card-step">{t(`pay.step.${step}` as MessageKey)}</p> : null;
}
