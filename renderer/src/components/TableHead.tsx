import type { ReactNode } from 'react';

export interface Column {
  readonly label: string;
  /** Figures: right-aligned, like the cells under the heading. */
  readonly num?: boolean;
}

/** A table's heading row from its columns, so a table reads as the list of what it shows. */
export function TableHead({ columns }: { columns: readonly Column[] }): ReactNode {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
            {c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
