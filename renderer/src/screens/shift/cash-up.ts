import type { Shift } from '../../api';
import type { I18n } from '../../i18n';

/** What the attendant closed the shift with, kept beside the kiosk's answer for the cash-up. */
export interface ClosedShift {
  readonly shift: Shift;
  /** Count per denomination (minor units) as typed. */
  readonly counted: Readonly<Record<string, number>>;
  readonly note: string;
  readonly by: string;
}

/** The cash-up as plain text: the slip the attendant saves or prints for the safe bag, one fact a line. */
export function cashUpText(closed: ClosedShift, siteName: string, { t, fmt }: Pick<I18n, 't' | 'fmt'>): string {
  const { shift } = closed;
  const variance = shift.varianceMinor ?? 0;
  const kind = variance === 0 ? 'balanced' : variance > 0 ? 'over' : 'short';
  const line = (label: string, value: string): string => `${label.padEnd(22)}${value}`;
  const denominations = Object.entries(closed.counted)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => Number(b) - Number(a))
    .map(([d, count]) => line(`  ${fmt.money(Number(d))} × ${count}`, fmt.money(Number(d) * count)));
  return [
    `${t('shift.cashUpTitle')}: ${siteName}`,
    line(t('shift.cashUpBy'), closed.by),
    line(t('shift.cashUpOpened'), fmt.dateTime(shift.openedAt)),
    line(t('shift.cashUpClosed'), shift.closedAt === null ? '' : fmt.dateTime(shift.closedAt)),
    line(t('shift.cashUpFloat'), fmt.money(shift.floatMinor)),
    ...denominations,
    line(t('shift.counted'), fmt.money(shift.countedMinor ?? 0)),
    line(t('shift.expected'), fmt.money(shift.expectedMinor ?? 0)),
    line(t('shift.variance'), t(`shift.${kind}`, { amount: fmt.money(Math.abs(variance)) })),
    ...(closed.note ? [line(t('shift.cashUpNote'), closed.note)] : []),
    '',
  ].join('\n');
}
