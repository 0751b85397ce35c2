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
