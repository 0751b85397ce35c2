import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../i18n';
import type { CardProgress } from './CardReader';
import { Dialog } from './Dialog';

/** What the reader is doing, said in the question before a payment is cancelled (before it shows the amount: starting). */
const READER_STATE: Readonly<Record<string, MessageKey>> = {
  sent_to_reader: 'pay.readerIs.showing',
  waiting_for_card: 'pay.readerIs.waiting',
  authorized: 'pay.readerIs.taking',
  capturing: 'pay.readerIs.taking',
  captured: 'pay.readerIs.taking',
  committed: 'pay.readerIs.taking',
  cancelling: 'pay.readerIs.cancelling',
};

/**
 * Stopping a card payment while the reader waits: the cancel button (at once), the question Esc opens (the safe
 * answer, keep waiting, has the keyboard), and a cancel that did not reach the reader said plainly with what to do.
 */
export function CardCancel({ progress }: { progress: CardProgress }): ReactNode {
  const { t } = useI18n();
  const failed = progress.cancelFailed !== null;
  const area = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The booth screen is short: what went wrong and the button to try again are brought into view together.
    if (failed) area.current?.scrollIntoView({ block: 'end' });
  }, [failed]);
  return (
    <div className="card-cancel" ref={area}>
      {failed ? (
        <p className="notice notice-error" role="alert" data-testid="card-cancel-failed">
          <span><b>{t('pay.cancelFailed', { message: progress.cancelFailed ?? '' })}</b> {t('pay.cancelFailedNext')}</span>
        </p>
      ) : null}
      <div className="form-actions">
        <button type="button" className="btn" ref={progress.cancelButton} onClick={() => void progress.cancel()}>
          {t(failed ? 'pay.cancelAgain' : 'pay.cancelCard')} <kbd>Esc</kbd>
        </button>
      </div>
      {progress.asking ? (
        <Dialog title={t('pay.cancelAsk')} onClose={progress.keepWaiting}>
          <p data-testid="card-cancel-question">{t(READER_STATE[progress.step ?? ''] ?? 'pay.readerIs.starting')}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" data-autofocus onClick={progress.keepWaiting}>{t('pay.keepWaiting')}</button>
            <button type="button" className="btn btn-danger" onClick={() => void progress.cancel()}>{t('pay.cancelYes')}</button>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}
