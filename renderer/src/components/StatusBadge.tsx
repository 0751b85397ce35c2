import type { ReactNode } from 'react';
import type { Session } from '../api';
import { useI18n } from '../i18n';

const GLYPH: Record<Session['status'], string> = { open: '●', paid: '✓', closed: '■', voided: '✕' };

/** Session status in colour AND words (and a glyph), never colour alone. */
export function StatusBadge({ status }: { status: Session['status'] }): ReactNode {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${status}`}>
      <span aria-hidden="true">{GLYPH[status]}</span> {t(`sessionStatus.${status}`)}
    </span>
  );
}

/** Healthy/fault pill for devices and other yes/no states. */
export function HealthBadge({ healthy }: { healthy: boolean }): ReactNode {
  const { t } = useI18n();
  return (
    <span className={`badge ${healthy ? 'badge-ok' : 'badge-bad'}`}>
      <span aria-hidden="true">{healthy ? '✓' : '✕'}</span> {t(healthy ? 'device.ok' : 'device.fault')}
    </span>
  );
}
