import type { T } from '../i18n';
import { minorToAmountInput, parseAmountToMinor } from '../i18n/format';

/**
 * A typed amount in major units ("20.00") as integer minor units, parsed from the text without floating point;
 * or the message for the field when it is no amount above zero in the site's currency ("12.345", "-5", "0").
 */
export function readAmount(text: string, digits: number, t: T): { minor: number } | { problem: string } {
  const minor = parseAmountToMinor(text, digits);
  if (minor !== null && minor > 0) return { minor };
  return { problem: t('validation.amountExact', { count: digits, example: minorToAmountInput(2000, digits) }) };
}
