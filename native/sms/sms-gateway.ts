/**
 * An SMS carrier as the notify core sees it: send one message, follow its delivery by polling (a booth PC cannot
 * take webhooks), and find a message sent before a crash. Two implementations pass the same contract test
 * (test/integration/sms-gateway.contract.test.ts): TwilioSms (the real `twilio` SDK, against the loopback Twilio in
 * tests) and SimulatedSms (demo site, core tests).
 */

/** Our reading of Twilio's statuses: pending (queued/accepted/sending/scheduled), sent, delivered, failed. */
export type DeliveryState = 'pending' | 'sent' | 'delivered' | 'failed';

export interface SmsReceipt {
  readonly sid: string;
  readonly state: DeliveryState;
  /** The carrier's own status word (Twilio's), kept for the console and the log. */
  readonly status: string;
  readonly errorCode: number | null;
}

export interface SmsGateway {
  send(message: { to: string; body: string }): Promise<SmsReceipt>;
  fetch(sid: string): Promise<SmsReceipt>;
  /** A message to `to` with this body created at or after `since` (epoch ms): did a send before a crash get through? */
  findSent(to: string, body: string, since: number): Promise<SmsReceipt | null>;
}

export type SmsErrorCode =
  | 'opted_out' // Twilio 21610: the number answered STOP
  | 'invalid_number' // 21211, 21614, 21408...: never deliverable as given
  | 'unreachable' // no answer: the message may or may not have been created
  | 'rate_limited' // 429 / 20429
  | 'auth' // credentials refused
  | 'server_error' // 5xx
  | 'rejected' // any other refusal
  | 'invalid_response';

export class SmsError extends Error {
  override readonly name = 'SmsError';
  constructor(
    readonly code: SmsErrorCode,
    message: string,
    readonly twilioCode: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Worth trying again later (the message waits in the outbox). */
  get retryable(): boolean {
    return ['unreachable', 'rate_limited', 'server_error', 'auth', 'invalid_response'].includes(this.code);
  }

  /** The request may have reached the carrier: look before sending again. */
  get outcomeUnknown(): boolean {
    return this.code === 'unreachable' || this.code === 'invalid_response';
  }
}

export function deliveryState(status: string): DeliveryState {
  if (status === 'delivered' || status === 'read') return 'delivered';
  if (status === 'sent') return 'sent';
  if (status === 'failed' || status === 'undelivered' || status === 'canceled') return 'failed';
  return 'pending';
}

export const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Twilio's delivery errors for an undelivered message (https://www.twilio.com/docs/api/errors, 30001-30008). A
 * permanent one says the same text to the same number will fail again: it is not retried.
 */
export const DELIVERY_ERRORS = {
  30001: { message: 'Queue overflow', permanent: false },
  30002: { message: 'Account suspended', permanent: true },
  30003: { message: 'Unreachable destination handset', permanent: false },
  30004: { message: 'Message blocked', permanent: true },
  30005: { message: 'Unknown destination handset', permanent: true },
  30006: { message: 'Landline or unreachable carrier', permanent: true },
  30007: { message: 'Message filtered by the carrier', permanent: true },
  30008: { message: 'Unknown error', permanent: false },
} as const;
export type DeliveryErrorCode = keyof typeof DELIVERY_ERRORS;

/** True when a delivery error will not go away by sending again; unknown codes are retried. */
export function isPermanentDeliveryError(code: number | null): boolean {
  return code !== null && code in DELIVERY_ERRORS && DELIVERY_ERRORS[code as DeliveryErrorCode].permanent;
}

/** The words the SMS queue shows for a delivery error. */
export function deliveryErrorText(code: number | null): string | null {
  return code !== null && code in DELIVERY_ERRORS ? DELIVERY_ERRORS[code as DeliveryErrorCode].message : null;
}
