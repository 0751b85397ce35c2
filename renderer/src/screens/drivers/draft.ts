import type { CallInput, CallOutput } from '../../api';

export type DriverView = CallOutput<'drivers.get'>['driver'];

/** What the attendant types for a driver; strings as typed, turned into the call's fields on save. */
export interface DriverDraft {
  readonly name: string;
  readonly phone: string;
  readonly email: string;
  readonly smsConsent: boolean;
  readonly notes: string;
}

export const EMPTY_DRIVER: DriverDraft = { name: '', phone: '', email: '', smsConsent: false, notes: '' };

export function draftOf(driver: DriverView): DriverDraft {
  return { name: driver.name ?? '', phone: driver.phone ?? '', email: driver.email ?? '', smsConsent: driver.smsConsent, notes: driver.notes };
}

/** The fields as the kiosk takes them: an empty phone or email is "none" (the kiosk checks the rest). */
export function fieldsOf(draft: DriverDraft): Pick<CallInput<'drivers.update'>, 'name' | 'phone' | 'email' | 'smsConsent' | 'notes'> {
  return { name: draft.name.trim(), phone: draft.phone.trim() || null, email: draft.email.trim() || null, smsConsent: draft.smsConsent, notes: draft.notes.trim() };
}

/** The JSON file a subject access request is saved as. */
export function exportFileName(driverId: number, at: number): string {
  return `driver-${driverId}-${new Date(at).toISOString().slice(0, 10)}.json`;
}
