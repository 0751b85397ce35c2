export { HeadOfficeError, type ConfigPageRequest, type HeadOffice, type HeadOfficeErrorCode, type OutgoingChange } from './head-office';
export { HttpHeadOffice, headOfficeSettingsSchema, type HeadOfficeSettings } from './http-head-office';
export { MemoryHeadOffice } from './memory-head-office';
export { HeadOfficeLedger, InvalidCursorError, OutOfOrderError } from './ledger';
export { dayChecksum } from './checksum';
export * as protocol from './protocol';
export { LIMITS, type ConfigDelta, type HeadOfficeBooking, type QrPayment, type StripeEvent } from './protocol';
