import type { CallOutput } from '../../api';
import { parseAmountToMinor, minorToAmountInput } from '../../i18n/format';

export type SiteView = CallOutput<'settings.site'>;
export type SiteFields = Omit<SiteView['site'], 'currency'>;
export type BookingPolicy = CallOutput<'bookings.policy'>;

/** The site form's text: the tax rate as a percentage ("20", "17.5"). */
export interface SiteDraft {
  name: string;
  timeZone: string;
  locale: string;
  taxRatePercent: string;
}

export function siteDraftOf(site: SiteFields): SiteDraft {
  return { name: site.name, timeZone: site.timeZone, locale: site.locale, taxRatePercent: percentOf(site.taxRateBp) };
}

/** The fields to send, or the field that does not parse (the kiosk checks the rest: zone, locale, limits). */
export function siteOf(draft: SiteDraft): SiteFields | { badField: 'taxRatePercent' } {
  const taxRateBp = basisPointsOf(draft.taxRatePercent);
  if (taxRateBp === null) return { badField: 'taxRatePercent' };
  return { name: draft.name.trim(), timeZone: draft.timeZone.trim(), locale: draft.locale.trim(), taxRateBp };
}

/** "17.5" (per cent, at most two decimals) as 1750 basis points; null for anything else. */
export function basisPointsOf(text: string): number | null {
  const match = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function percentOf(basisPoints: number): string {
  return String(basisPoints / 100);
}

/** The booking policy form's text: hours and minutes as typed, fees as amounts, the allotment as a percentage. */
export interface PolicyDraft {
  payOnArrival: boolean;
  freeCancelHours: string;
  cancelFee: string;
  noShowGraceMinutes: string;
  noShowFee: string;
  arriveEarlyMinutes: string;
  headofficeAllotmentPercent: string;
}

export function policyDraftOf(policy: BookingPolicy, digits: number): PolicyDraft {
  return {
    payOnArrival: policy.payOnArrival,
    freeCancelHours: String(policy.freeCancelHours),
    cancelFee: minorToAmountInput(policy.cancelFeeMinor, digits),
    noShowGraceMinutes: String(policy.noShowGraceMinutes),
    noShowFee: minorToAmountInput(policy.noShowFeeMinor, digits),
    arriveEarlyMinutes: String(policy.arriveEarlyMinutes),
    headofficeAllotmentPercent: percentOf(policy.headofficeAllotmentBp),
  };
}

/** The policy to send, or the first field that does not parse (the kiosk checks the limits). */
export function policyOf(draft: PolicyDraft, digits: number): BookingPolicy | { badField: keyof PolicyDraft } {
  const whole = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);
  const parsed = {
    freeCancelHours: whole(draft.freeCancelHours),
    cancelFee: parseAmountToMinor(draft.cancelFee, digits),
    noShowGraceMinutes: whole(draft.noShowGraceMinutes),
    noShowFee: parseAmountToMinor(draft.noShowFee, digits),
    arriveEarlyMinutes: whole(draft.arriveEarlyMinutes),
    headofficeAllotmentPercent: basisPointsOf(draft.headofficeAllotmentPercent),
  };
  const bad = (Object.keys(parsed) as (keyof typeof parsed)[]).find((field) => parsed[field] === null);
  if (bad) return { badField: bad };
  return {
    payOnArrival: draft.payOnArrival,
    freeCancelHours: parsed.freeCancelHours!,
    cancelFeeMinor: parsed.cancelFee!,
    noShowGraceMinutes: parsed.noShowGraceMinutes!,
    noShowFeeMinor: parsed.noShowFee!,
    arriveEarlyMinutes: parsed.arriveEarlyMinutes!,
    headofficeAllotmentBp: parsed.headofficeAllotmentPercent!,
  };
}
