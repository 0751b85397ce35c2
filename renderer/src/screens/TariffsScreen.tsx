import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

export function TariffsScreen(): ReactNode {
  const { t } = useI18n();
  return <h1>{t('nav.tariffs')}</h1>;
}
