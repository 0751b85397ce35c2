import type { KeyboardEvent } from 'react';

/**
 * Esc in a panel inside a dialog (Void, Fix plate, Free time on the session window) closes that panel only: the
 * key stops here, so the dialog around it stays open. A panel with typed text asks first (`confirmDrop`), so a
 * reason written out is not lost to a stray Esc.
 */
export function inlineEscape(typed: boolean, confirmDrop: () => boolean, onCancel: () => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key !== 'Escape') return;
    // preventDefault on the keydown is what keeps the <dialog> from hearing it as its close request.
    e.preventDefault();
    e.stopPropagation();
    if (typed && !confirmDrop()) return;
    onCancel();
  };
}
