import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { LaneView } from '../../api/lane-types';
import { useApp } from '../../app/context';
import { useI18n } from '../../i18n';
import type { PendingAction } from './LaneActionDialog';
import { QueueItem } from './QueueItem';

/**
 * Nothing has focus (the car just handled left with it): taking focus for a waiting car interrupts nobody. Focus
 * on another car stays put, so a keystroke never lands on a car that slipped in ahead of it.
 */
function focusIsFree(): boolean {
  const el = document.activeElement;
  return !document.querySelector('dialog[open]') && (el === null || el === document.body);
}

/**
 * The cars waiting for the attendant, oldest first. The oldest takes focus when the screen opens and whenever the
 * queue changes or the screen's dialog closes while focus is free (a car joined, the one just handled left, or a
 * dialog closed whose car had left meanwhile: another console handled it); arrows move between cars.
 */
export function AttendantQueue({ queue, now, dialogOpen, ask, zoom }: { queue: readonly LaneView[]; now: number; dialogOpen: boolean; ask(p: PendingAction): void; zoom(lane: LaneView): void }): ReactNode {
  const { t } = useI18n();
  const { route } = useApp();
  const listRef = useRef<HTMLOListElement>(null);
  const waiting = queue.map((lane) => lane.laneId).join(' ');
  const focusFirst = (): void => listRef.current?.querySelector<HTMLElement>('.queue-item')?.focus();
  useEffect(() => {
    if (waiting && !dialogOpen && focusIsFree()) focusFirst();
  }, [waiting, dialogOpen]);
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
            <QueueItem key={lane.laneId} lane={lane} now={now} ask={(p) => ask({ ...p, lane })} zoom={() => zoom(lane)} />
          ))}
        </ol>
      </div>
    </section>
  );
}
