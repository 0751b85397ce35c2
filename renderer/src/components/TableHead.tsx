import type { ReactNode } from 'react';

export interface Column {
  readonly label: string;
  /** Figures: right-aligned, like the cells under the heading. */
  readonly num?: boolean;
  /** Read out, not shown: a column of row buttons that say what they do themselves. */
  readonly hidden?: boolean;
}

/** A table's heading row from its columns, so a table reads as the list of what it shows. */
export function TableHead({ columns }: { columns: readonly Column[] }): ReactNode {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c.label} scope="col" className={c.num ? 'num' : undefined}>
            {c.hidden ? <span className="visually-hidden">{c.label}</span> : c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
