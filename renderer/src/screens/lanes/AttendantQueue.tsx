import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { LaneView } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useI18n } from '../../i18n';
import type { PendingAction } from './LaneActionDialog';
import { QueueItem } from './QueueItem';

/** Nothing is being typed or chosen anywhere: taking focus for a waiting car interrupts nobody. */
function focusIsFree(): boolean {
  const el = document.activeElement;
  return !document.querySelector('dialog[open]') && (el === null || el === document.body || el.classList.contains('queue-item'));
}

/**
 * The cars waiting for the attendant, oldest first. The oldest takes focus when the screen opens and whenever a car
 * joins an empty queue, unless the attendant is busy with something else; arrows move between cars.
 */
export function AttendantQueue({ queue, now, ask }: { queue: readonly LaneView[]; now: number; ask(p: PendingAction): void }): ReactNode {
  const { t } = useI18n();
  const { route } = useApp();
  const listRef = useRef<HTMLOListElement>(null);
  const first = queue[0]?.laneId;
  const focusFirst = (): void => listRef.current?.querySelector<HTMLElement>('.queue-item')?.focus();
  useEffect(() => {
    if (first && focusIsFree()) focusFirst();
  }, [first]);
  // F11 (or the navigation) asks for the lanes: the oldest waiting car is what the attendant came for.
  useEffect(focusFirst, [route.focus]);
  const onArrows = (e: KeyboardEvent<HTMLOListElement>): void => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const target = e.target as HTMLElement;
    if (!target.classList.contains('queue-item')) return;
    const next = e.key === 'ArrowDown' ? target.nextElementSibling : target.previousElementSibling;
    if (next instanceof HTMLElement) {
      e.preventDefault();
      next.focus();
    }
  };
  return (
    <section className="panel queue" aria-labelledby="queue-title" data-testid="attendant-queue">
      <h2 id="queue-title">{t('queue.title', { count: queue.length })}</h2>
      <div className="panel-scroll">
        {queue.length === 0 ? <p className="muted">{t('queue.empty')}</p> : null}
        <ol className="queue-list" ref={listRef} onKeyDown={onArrows}>
          {queue.map((lane) => (
            <QueueItem key={lane.laneId} lane={lane} now={now} ask={(p) => ask({ ...p, lane })} />
          ))}
        </ol>
      </div>
    </section>
  );
}
