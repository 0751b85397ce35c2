import type { ReactNode } from 'react';
import { useNow } from '../../app/hooks';
import { useI18n } from '../../i18n';
import { useLanes } from './hooks';
import { attendantQueue } from '../../lib/lane-model';

/** How many cars wait for the attendant, beside "Lanes" in the navigation: seen from every screen. */
export function QueueCount(): ReactNode {
  const { t } = useI18n();
  const { lanes } = useLanes();
  const count = attendantQueue(lanes, useNow(1000)).length;
  if (count === 0) return null;
  return (
    <span className="nav-badge" data-testid="queue-count" title={t('queue.title', { count })}>
      {count}
    </span>
  );
}
