import type { ReactNode } from 'react';
import type { ConnectionState } from '../api';
import { useNow } from '../app/hooks-basic';
import { useI18n } from '../i18n';

/** A wide banner while the link to the kiosk is down; the lot keeps working, the console cannot see it. */
export function ConnectionBanner({ state, onRetry }: { state: ConnectionState; onRetry?: (() => void) | undefined }): ReactNode {
  const { t } = useI18n();
  const now = useNow(500);
  if (state.kind !== 'lost') return null;
  const seconds = Math.max(0, Math.ceil((state.retryAt - now) / 1000));
  return (
    <div className="banner banner-lost" role="alert" data-testid="connection-lost">
      <strong>{t('connection.lostTitle')}</strong>
      <span>{seconds > 0 ? t('connection.retryIn', { count: seconds }) : t('connection.retrying')}</span>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('connection.retryNow')}
        </button>
      ) : null}
    </div>
  );
}
