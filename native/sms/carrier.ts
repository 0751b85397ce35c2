/**
 * A carrier's behaviour in memory, modelled on Twilio's: the reference semantics that SimulatedSms and the loopback
 * Twilio server (test/support/twilio-server) share, so both answer alike. Twilio's magic test numbers behave as in
 * Twilio's test credentials: +15005550001 invalid (21211), +15005550009 not SMS-capable (21614), +15005550004
 * opted out (21610). A body is required (21602) and at most 1600 characters (21617). Each fetch moves a message one
 * step on: queued -> sent -> delivered, or undelivered with the delivery error a number is marked with
 * (failDeliveries): Twilio's 30003-30008 (https://www.twilio.com/docs/sms/api/message-resource#delivery-related-errors).
 */
import { randomBytes } from 'node:crypto';
import { DELIVERY_ERRORS, E164, type DeliveryErrorCode } from './sms-gateway';

export interface CarrierMessage {
  readonly sid: string;
  readonly to: string;
  readonly from: string;
  readonly body: string;
  readonly createdAt: number;
  status: 'queued' | 'sent' | 'delivered' | 'undelivered';
  errorCode: number | null;
  errorMessage: string | null;
}

export class CarrierError extends Error {
  constructor(readonly code: number, readonly status: number, message: string) {
    super(message);
  }
}

const MAGIC: Record<string, [number, string]> = {
  '+15005550001': [21211, "The 'To' number +15005550001 is not a valid phone number."],
  '+15005550009': [21614, "To number: +15005550009, is not a mobile number"],
  '+15005550004': [21610, 'Attempt to send to unsubscribed recipient'],
};

export class SmsCarrier {
  readonly messages = new Map<string, CarrierMessage>();
  readonly optedOut = new Set<string>();
  /** Numbers whose messages end 'undelivered', with the delivery error the carrier reports for them. */
  readonly failDeliveries = new Map<string, DeliveryErrorCode>();

  constructor(private readonly now: () => number = Date.now) {}

  create(to: string, from: string, body: string): CarrierMessage {
    if (!E164.test(to)) throw new CarrierError(21211, 400, `The 'To' number ${to} is not a valid phone number.`);
    const magic = MAGIC[to];
    if (magic) throw new CarrierError(magic[0], 400, magic[1]);
    if (this.optedOut.has(to)) throw new CarrierError(21610, 400, 'Attempt to send to unsubscribed recipient');
    if (!body) throw new CarrierError(21602, 400, 'Message body is required.');
    if (body.length > 1600) throw new CarrierError(21617, 400, 'The concatenated message body exceeds the 1600 character limit.');
    const message: CarrierMessage = { sid: `SM${randomBytes(16).toString('hex')}`, to, from, body, createdAt: this.now(), status: 'queued', errorCode: null, errorMessage: null };
    this.messages.set(message.sid, message);
    return message;
  }

  /** Reads a message and moves it one step towards its final status. */
  fetch(sid: string): CarrierMessage {
    const message = this.messages.get(sid);
    if (!message) throw new CarrierError(20404, 404, `The requested resource /Messages/${sid}.json was not found`);
    const current = { ...message };
    if (message.status === 'queued') message.status = 'sent';
    else if (message.status === 'sent' && this.failDeliveries.has(message.to)) {
      const code = this.failDeliveries.get(message.to)!;
      message.status = 'undelivered';
      message.errorCode = code;
      message.errorMessage = DELIVERY_ERRORS[code].message;
    } else if (message.status === 'sent') message.status = 'delivered';
    return current;
  }

  list(to: string | null, createdAfter: number | null): CarrierMessage[] {
    return [...this.messages.values()].filter((m) => (to === null || m.to === to) && (createdAfter === null || m.createdAt >= createdAfter)).reverse();
  }

  sentTo(to: string): CarrierMessage[] {
    return [...this.messages.values()].filter((m) => m.to === to);
  }
}
