import type { ReactNode } from 'react';
import { SuccessNotice } from './ErrorNotice';

/**
 * The found list on the left with its keys' hint under it; on the right the last action's result and the open
 * record (Drivers, Bookings). Styles: .list-screen-* in layout.css.
 */
export function ListLayout({ list, keysHint, done, doneTestId, side }: { list: ReactNode; keysHint: string; done: string | null; doneTestId: string; side: ReactNode }): ReactNode {
  return (
    <div className="list-screen-grid">
      <div className="list-screen-col">
        {list}
        <p className="muted">{keysHint}</p>
      </div>
      <div className="list-screen-col">
        {done ? <SuccessNotice><span data-testid={doneTestId}>{done}</span></SuccessNotice> : null}
        {side}
      </div>
    </div>
  );
}
