/**
 * The SMS a booking sends through the notify outbox: a confirmation, a reminder before the arrival window, and a
 * cancellation. Only to drivers who gave consent and a number; a number that opted out (STOP) gets nothing and the
 * booking goes on. Queued inside the booking's transaction, keyed by booking and version, so a retry queues once.
 */
import type { Core } from '../core';
import { KioskError } from '../errors';
import type { Booking } from '../store/bookings-repo';
import type { Driver } from '../store/drivers-repo';
import { formatLocal, type SmsRequest } from '../notify/notify-service';

/** The part of the notify service bookings use. */
export interface SmsQueue {
  queue(request: SmsRequest, actor: null): unknown;
}

/** How long before the start the reminder goes out. */
export const REMINDER_LEAD_MS = 2 * 3_600_000;

export class BookingMessages {
  constructor(
    private readonly core: Core,
    private readonly sms: SmsQueue | null,
  ) {}

  confirmed(booking: Booking, driver: Driver): void {
    const from = this.local(booking.startsAt);
    this.send(driver, { eventKey: `booking:${booking.ref}:v${booking.version}:confirmed`, template: 'reservation.confirmed', values: { plate: booking.plateKey, from } });
    const remindAt = booking.startsAt - REMINDER_LEAD_MS;
    if (remindAt > this.core.now()) {
      this.send(driver, { eventKey: `booking:${booking.ref}:v${booking.version}:reminder`, template: 'reservation.reminder', values: { plate: booking.plateKey, from }, notBefore: remindAt, expiresAt: booking.startsAt });
    }
  }

  cancelled(booking: Booking, driver: Driver): void {
    this.send(driver, { eventKey: `booking:${booking.ref}:cancelled`, template: 'reservation.cancelled', values: { plate: booking.plateKey, from: this.local(booking.startsAt) } });
  }

  private send(driver: Driver, message: Omit<SmsRequest, 'to'>): void {
    if (!this.sms || !driver.smsConsent || driver.phone === null) return;
    try {
      this.sms.queue({ ...message, to: driver.phone }, null);
    } catch (error) {
      // An opted-out number: the driver said STOP, which wins over the consent given at the booth.
      if (!(error instanceof KioskError && error.code === 'invalid_input')) throw error;
    }
  }

  private local(at: number): string {
    return formatLocal(this.core.layout().site.timeZone, at);
  }
}
