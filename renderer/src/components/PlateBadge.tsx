import type { ReactNode } from 'react';

/** A plate as a plate: monospace, dark on light, readable from a step back. Shows the text as read. */
export function PlateBadge({ plate, size = 'md' }: { plate: string; size?: 'sm' | 'md' | 'lg' }): ReactNode {
  return (
    <span className={`plate plate-${size}`} translate="no" data-plate={plate}>
      {plate}
    </span>
  );
}
