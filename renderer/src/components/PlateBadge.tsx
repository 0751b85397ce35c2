import type { ReactNode } from 'react';

/**
 * A plate as a plate: monospace, dark on light, readable from a step back. Shows the text as read. Zeros are
 * drawn slashed (a CSS stroke, whatever the font) so O and 0 never look alike: plates mix them all the time.
 */
export function PlateBadge({ plate, size = 'md' }: { plate: string; size?: 'sm' | 'md' | 'lg' }): ReactNode {
  return (
    <span className={`plate plate-${size}`} translate="no" data-plate={plate}>
      {[...plate].map((ch, i) =>
        ch === '0' ? (
          <span key={i} className="plate-zero">
            0
          </span>
        ) : (
          ch
        ),
      )}
    </span>
  );
}
