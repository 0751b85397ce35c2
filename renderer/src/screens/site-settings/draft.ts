import type { CallOutput } from '../../api';

export type SiteSettings = CallOutput<'settings.get'>['settings'];
export type Role = keyof SiteSettings['idleLogoutMinutes'];
export const ROLES: readonly Role[] = ['attendant', 'supervisor', 'admin'];
export type PlateRegion = SiteSettings['plateRegions'][number];
/** The contract's PLATE_REGIONS (the console imports the contract as types only); draft.test.ts keeps them equal. */
export const PLATE_REGION_ORDER: readonly PlateRegion[] = ['uk', 'eu', 'us', 'br'];
export type PlateHomeCountry = NonNullable<SiteSettings['plateHomeCountry']>;
/** The contract's PLATE_HOME_COUNTRIES, in its order (draft.test.ts keeps them equal). */
export const PLATE_HOME_COUNTRY_ORDER: readonly PlateHomeCountry[] = ['uk', 'sk', 'cz', 'hr', 'rs', 'us', 'br'];

/** The form's text for each setting: numbers as typed, header and footer one line per line of text. */
export interface SettingsDraft {
  receiptHeader: string;
  receiptFooter: string;
  evidenceRetentionDays: string;
  idleLogoutMinutes: Record<Role, string>;
  maxLoginHours: string;
  /** "21:00-08:00", "off", or empty for the default. */
  smsQuietHours: string;
  /** "3/60" (texts per minutes), or empty for the default. */
  smsRateLimit: string;
  /** https://..., or empty for none (unless serve --pay-page names one). */
  qrPayPageUrl: string;
  /** The boxes ticked; none ticked is the kiosk's to refuse, by field. */
  plateRegions: PlateRegion[];
  /** Empty for none. */
  plateHomeCountry: PlateHomeCountry | '';
}

export function draftOf(settings: SiteSettings): SettingsDraft {
  const text = (value: number | null) => (value === null ? '' : String(value));
  return {
    receiptHeader: settings.receiptHeader.join('\n'),
    receiptFooter: settings.receiptFooter.join('\n'),
    evidenceRetentionDays: String(settings.evidenceRetentionDays),
    idleLogoutMinutes: { attendant: text(settings.idleLogoutMinutes.attendant), supervisor: text(settings.idleLogoutMinutes.supervisor), admin: text(settings.idleLogoutMinutes.admin) },
    maxLoginHours: text(settings.maxLoginHours),
    smsQuietHours: settings.smsQuietHours === null ? '' : settings.smsQuietHours === 'off' ? 'off' : `${settings.smsQuietHours.from}-${settings.smsQuietHours.to}`,
    smsRateLimit: settings.smsRateLimit === null ? '' : `${settings.smsRateLimit.perNumber}/${settings.smsRateLimit.windowMinutes}`,
    qrPayPageUrl: settings.qrPayPageUrl ?? '',
    plateRegions: [...settings.plateRegions],
    plateHomeCountry: settings.plateHomeCountry ?? '',
  };
}

/** "21:00-08:00" as a window, "off", empty as null (the default); undefined when it is neither. */
function quietHoursOf(text: string): SiteSettings['smsQuietHours'] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (trimmed === 'off') return 'off';
  const match = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(trimmed);
  return match ? { from: match[1]!, to: match[2]! } : undefined;
}

/** "3/60" as 3 texts per 60 minutes, empty as null (the default); undefined when it is neither. */
function rateLimitOf(text: string): SiteSettings['smsRateLimit'] | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const match = /^(\d+)\/(\d+)$/.exec(trimmed);
  return match ? { perNumber: Number(match[1]), windowMinutes: Number(match[2]) } : undefined;
}

/** A whole number as typed, null when left empty; NaN for anything else (the kiosk then names the field). */
function wholeOrNull(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

const lines = (text: string) => text.split('\n').map((line) => line.trim()).filter((line) => line.length > 0);

/** The settings to send, or the path of the first field that is not a number where one is needed. */
export function settingsOf(draft: SettingsDraft): SiteSettings | { badField: string } {
  const retention = wholeOrNull(draft.evidenceRetentionDays);
  if (retention === null || Number.isNaN(retention)) return { badField: 'evidenceRetentionDays' };
  const idle = Object.fromEntries(ROLES.map((role) => [role, wholeOrNull(draft.idleLogoutMinutes[role])])) as Record<Role, number | null>;
  const badRole = ROLES.find((role) => Number.isNaN(idle[role]));
  if (badRole) return { badField: `idleLogoutMinutes.${badRole}` };
  const maxLoginHours = wholeOrNull(draft.maxLoginHours);
  if (Number.isNaN(maxLoginHours)) return { badField: 'maxLoginHours' };
  const smsQuietHours = quietHoursOf(draft.smsQuietHours);
  if (smsQuietHours === undefined) return { badField: 'smsQuietHours' };
  const smsRateLimit = rateLimitOf(draft.smsRateLimit);
  if (smsRateLimit === undefined) return { badField: 'smsRateLimit' };
  return {
    receiptHeader: lines(draft.receiptHeader),
    receiptFooter: lines(draft.receiptFooter),
    evidenceRetentionDays: retention,
    idleLogoutMinutes: idle,
    maxLoginHours,
    smsQuietHours,
    smsRateLimit,
    qrPayPageUrl: draft.qrPayPageUrl.trim() || null,
    plateRegions: draft.plateRegions,
    plateHomeCountry: draft.plateHomeCountry || null,
  };
}
