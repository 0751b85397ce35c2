/**
 * ↑/↓ in a list where one row is picked: the row the key moves to, or undefined when the key is another one or
 * the list ends there. With nothing picked yet, ↓ picks the first row.
 */
export function rowAfterArrow<Row extends { id: number }>(key: string, rows: readonly Row[], pickedId: number | null): Row | undefined {
  const at = rows.findIndex((row) => row.id === pickedId);
  if (key === 'ArrowDown') return rows[at + 1];
  if (key === 'ArrowUp') return rows[Math.max(0, at - 1)];
  return undefined;
}

/**
 * The keys of a list with one picked row: ↑/↓ move the pick, Enter acts on the picked row (opens it). For the
 * list's onKeyDown.
 */
export function listKeys<Row extends { id: number }>(rows: readonly Row[], pickedId: number | null, pick: (id: number) => void, enter: (row: Row) => void): (e: { key: string; preventDefault(): void }) => void {
  return (e) => {
    const picked = rows.find((row) => row.id === pickedId);
    if (e.key === 'Enter' && picked) {
      e.preventDefault();
      enter(picked);
      return;
    }
    const next = rowAfterArrow(e.key, rows, pickedId);
    if (next) {
      e.preventDefault();
      pick(next.id);
    }
  };
}

/**
 * ←/→ (and ↑/↓) between the buttons of a group such as a tab list: focus moves to the next or previous one that
 * is enabled, and Enter then acts on it as on any button. For the group's onKeyDown.
 */
export function moveAmongButtons(e: { key: string; target: EventTarget | null; currentTarget: HTMLElement; preventDefault(): void }): void {
  const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
  if (step === 0) return;
  const buttons = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('button:not(:disabled)'));
  const at = buttons.indexOf(e.target as HTMLButtonElement);
  const next = buttons[at + step];
  if (at < 0 || !next) return;
  e.preventDefault();
  next.focus();
}
