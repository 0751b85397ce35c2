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
