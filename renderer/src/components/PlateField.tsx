import type { ComponentProps, ReactNode } from 'react';
import { useI18n } from '../i18n';
import { TextField } from './Field';

type PlateFieldProps = Omit<ComponentProps<typeof TextField>, 'label' | 'className' | 'autoComplete' | 'spellCheck'> & {
  /** Defaults to the plain "Plate" label. */
  label?: string;
};

/**
 * A typed plate: set in plate type, and with the browser's autofill and spell checking off, since a plate is
 * neither a word nor something the browser should remember and offer to the next car.
 */
export function PlateField({ label, ...rest }: PlateFieldProps): ReactNode {
  const { t } = useI18n();
  return <TextField {...rest} label={label ?? t('field.plate')} className="input-plate" autoComplete="off" spellCheck={false} />;
}
