/**
 * SMS with their own outbox (store/sms-repo.ts). Use-cases queue a message for an event inside their own
 * transaction; this worker sends it when allowed and follows it to a final state.
 *
 * Never twice for one event:
 *  - The event key is unique in the outbox: queueing the same event again returns the first message.
 *  - 'sending' is committed before Twilio is called. A row found in 'sending' (a crash, or an answer that never
 *    came) is resolved by asking Twilio whether a message with its number and body exists since then; only when
 *    Twilio says no is it sent again. A definite refusal from Twilio (it answered) returns it to the queue.
 *  - Retries after a temporary delivery failure (unreachable handset, queue overflow: the person did not get it)
 *    are new attempts of the same row, at most maxAttempts, then the message is reported as failed. A permanent
 *    one (blocked, unknown number, landline, filtered) is reported failed at once: the same text would fail again.
 * Only when wanted: opted-out numbers (21610, or asked at the booth) are never messaged until they opt in again;
 * unsolicited texts wait out quiet hours on the site's clock, and expire if that outlasts their use; a number gets
 * at most `perNumber` texts per window.
 */
import { deliveryErrorText, isPermanentDeliveryError, SmsError, type SmsGateway } from '../../../native/sms';
import type { Session } from '../contract';
import { e164, type SmsMessageView } from '../contract/sync';
import { audit, type Actor, type Core } from '../core';
import type { DeviceReport } from '../devices';
import { invalid } from '../errors';
import type { Reservation } from '../domain/lanes/access-rules';
import { localDateTime } from '../domain/zoned-time';
import { SmsRepo, type SmsRow } from '../store/sms-repo';
import { backoffDelay, type BackoffPolicy } from '../sync/backoff';
import { endOfQuietHours, underRateLimit, type QuietHours, type RateLimit } from './policy';
import { languageOf, renderSms, TEMPLATES, type TemplateId } from './templates';

export interface NotifyOptions {
  readonly quietHours?: QuietHours | null;
  readonly rateLimit?: RateLimit;
  readonly maxAttempts?: number;
  readonly backoff?: BackoffPolicy;
  readonly firstPollMs?: number;
  readonly maxPollMs?: number;
  /** Stop following a message the carrier never finalises after this long. */
  readonly followForMs?: number;
  readonly tickMs?: number;
  readonly random?: () => number;
}

/** How long before a booked space stops being held its driver is reminded. */
const RESERVATION_REMINDER_LEAD_MS = 30 * 60_000;

export interface SmsRequest {
  readonly eventKey: string;
  readonly to: string;
  readonly template: TemplateId;
  readonly values: Readonly<Record<string, string>>;
  readonly language?: string;
  /** Not before (a reminder's time); default now. */
  readonly notBefore?: number;
  /** Useless after (the end of the stay it warns of). */
  readonly expiresAt?: number | null;
}

const HOUR = 3_600_000;

export class NotifyService {
  private readonly repo: SmsRepo;
  /** quietHours and rateLimit here are the flags' (or the environment's); absent, the site's setting decides. */
  private readonly options: Required<Omit<NotifyOptions, 'quietHours' | 'rateLimit'>> & Pick<NotifyOptions, 'quietHours' | 'rateLimit'>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private report: ((r: DeviceReport) => void) | null = null;
  private stopping = false;
  private unsubscribe: (() => void) | null = null;
  /** One pass at a time: the timer's and a caller's must never work the same row twice. */
  private pass: Promise<void> | null = null;

  constructor(
    private readonly core: Core,
    private readonly gateway: SmsGateway | null,
    options: NotifyOptions = {},
    /** Without a gateway: why, for the console's device health. */
    private readonly noCarrierReason = 'no SMS carrier configured: messages wait in the queue',
  ) {
    this.repo = new SmsRepo(core.store.db);
    this.options = {
      ...(options.quietHours === undefined ? {} : { quietHours: options.quietHours }),
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      maxAttempts: options.maxAttempts ?? 5,
      backoff: options.backoff ?? { baseMs: 30_000, maxMs: 30 * 60_000 },
      firstPollMs: options.firstPollMs ?? 15_000,
      maxPollMs: options.maxPollMs ?? 10 * 60_000,
      followForMs: options.followForMs ?? 48 * HOUR,
      tickMs: options.tickMs ?? 1_000,
      random: options.random ?? Math.random,
    };
  }

  /** `report`: the SMS carrier's entry among the devices (dashboard health). */
  start(report: (r: DeviceReport) => void = () => {}): void {
    this.report = report;
    this.unsubscribe ??= this.followReservations();
    report(this.gateway ? { healthy: true, detail: 'SMS ready' } : { healthy: false, detail: this.noCarrierReason });
    if (!this.gateway) return;
    const tick = () => {
      this.running = this.processDue()
        .catch((error: unknown) => this.core.log.error({ err: error }, 'SMS worker failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, this.options.tickMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /**
   * Reservations with a contact number: a confirmation when saved (once per booking window and number: saving it
   * again unchanged sends nothing, moving it sends a new one), and a reminder before the space stops being held,
   * withdrawn when the car comes in on it. A number that cannot be texted is logged; the booking stands.
   */
  private followReservations(): () => void {
    return this.core.bus.subscribe((name, payload) => {
      if (name === 'access.changed') {
        const { kind, id } = payload as { kind: string; id: string };
        if (kind === 'reservation') this.textReservation(id);
      }
      if (name === 'lot.changed') {
        const { reason, sessionId } = payload as { reason: string; sessionId: number | null };
        if (reason === 'entry' && sessionId !== null) this.withdrawReminder(sessionId);
      }
    });
  }

  private textReservation(id: string): void {
    const record = this.core.store.access.get('reservation', id);
    const reservation = record && record.deletedAt === null ? (record.definition as Reservation) : null;
    if (!reservation?.contact) return;
    const { phone, language } = reservation.contact;
    const zone = this.timeZone();
    const base = { to: phone, language: language ?? undefined };
    const lead = Math.max(reservation.arriveFrom, reservation.arriveUntil - RESERVATION_REMINDER_LEAD_MS);
    const texts: SmsRequest[] = [
      { ...base, eventKey: `reservation:${id}:confirmed:${reservation.arriveFrom}:${phone}`, template: 'reservation.confirmed', values: { plate: reservation.plateKey, from: formatLocal(zone, reservation.arriveFrom) } },
      { ...base, eventKey: `reservation:${id}:ending:${reservation.arriveUntil}:${phone}`, template: 'reservation.ending', values: { plate: reservation.plateKey, time: formatLocal(zone, reservation.arriveUntil).slice(11) }, notBefore: lead, expiresAt: reservation.arriveUntil },
    ];
    for (const text of texts) {
      try {
        this.queue(text, null);
      } catch (error) {
        this.core.log.warn({ reservation: id, template: text.template, err: error }, 'reservation text not queued');
      }
    }
  }

  private withdrawReminder(sessionId: number): void {
    const session = this.core.store.sessions.get(sessionId);
    if (session?.entryCode !== 'open_reservation' || !session.entryRef) return;
    this.core.store.change(() => this.repo.cancelUnsent(`reservation:${session.entryRef}:ending:`, this.core.now(), 'the car came in on its booking'));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /**
   * Queues the event's message (call inside the use-case's transaction, or alone). The number is checked as E.164;
   * an opted-out number queues nothing and says so. The same event key returns the message already queued.
   */
  queue(request: SmsRequest, actor: Actor | null): SmsRow {
    const to = e164.safeParse(request.to);
    if (!to.success) throw invalid(`"${request.to.slice(0, 20)}" is not a phone number in international form, like +447700900123`);
    if (this.repo.isOptedOut(to.data)) throw invalid(`${to.data} opted out of SMS (STOP): it gets none until it opts in again`);
    const { site } = this.core.layout();
    const language = languageOf(request.language ?? site.locale);
    const body = renderSms(request.template, language, { site: site.name, ...request.values });
    const now = this.core.now();
    return this.core.store.change(() => {
      const { row, created } = this.repo.queue({ eventKey: request.eventKey, to: to.data, template: request.template, language, body, notBefore: request.notBefore ?? now, expiresAt: request.expiresAt ?? null, createdAt: now });
      if (created) audit(this.core, { actor: actor?.username ?? 'system', action: 'sms.queue', subject: `sms:${row.id}`, detail: { eventKey: row.eventKey, template: row.template, to: maskNumber(row.to) } });
      return row;
    });
  }

  /** A receipt asked for at the booth: one per session and number. */
  queueReceipt(session: Session, to: string, actor: Actor): SmsMessageView {
    if (session.status !== 'closed' && session.status !== 'paid') throw invalid(`session ${session.id} has no receipt yet: it is ${session.status}`);
    const { site } = this.core.layout();
    const time = (at: number | null) => (at === null ? '-' : formatLocal(site.timeZone, at));
    const values = {
      number: String(session.id),
      amount: formatMoney(session.paidMinor, site.currency, site.locale),
      plate: session.plateKey,
      from: time(session.entryAt),
      to: time(session.exitAt ?? session.paidAt),
    };
    return view(this.queue({ eventKey: `receipt:session:${session.id}:${to}`, to, template: 'receipt', values }, actor));
  }

  /**
   * A reminder `leadMinutes` before a paid stay (or a booking) ends, sent only before it ends: one per session, end
   * time and number, so extending the stay queues a new reminder and repeating the request does not.
   */
  queueStayEnding(session: Session, to: string, endsAt: number, leadMinutes: number, actor: Actor | null): SmsMessageView {
    if (session.status === 'closed' || session.status === 'voided') throw invalid(`session ${session.id} is ${session.status}: there is no stay to remind of`);
    const now = this.core.now();
    if (endsAt <= now) throw invalid('the stay has already ended');
    const values = { plate: session.plateKey, time: formatLocal(this.timeZone(), endsAt).slice(11) };
    return view(this.queue({ eventKey: `stay-ending:session:${session.id}:${endsAt}:${to}`, to, template: 'stay.ending', values, notBefore: Math.max(now, endsAt - leadMinutes * 60_000), expiresAt: endsAt }, actor));
  }

  optIn(number: string, actor: Actor): void {
    const parsed = e164.parse(number);
    this.core.store.change(() => {
      if (this.repo.optIn(parsed)) audit(this.core, { actor: actor.username, action: 'sms.opt_in', subject: `phone:${maskNumber(parsed)}`, detail: {} });
    });
  }

  recent(limit: number): SmsMessageView[] {
    return this.repo.recent(limit).map(view);
  }

  /** One pass over the due messages (the worker's tick; tests call it directly). */
  processDue(): Promise<void> {
    this.pass ??= this.drain().finally(() => (this.pass = null));
    return this.pass;
  }

  private async drain(): Promise<void> {
    if (!this.gateway) return;
    for (const row of this.repo.due(this.core.now(), 20)) {
      if (this.stopping) break;
      if (row.state === 'queued') await this.trySend(row);
      else if (row.state === 'sending') await this.resolveUnknown(row);
      else await this.follow(row);
    }
  }

  private async trySend(row: SmsRow): Promise<void> {
    const now = this.core.now();
    if (this.repo.isOptedOut(row.to)) return this.repo.finish(row.id, 'suppressed', now, { error: 'the number opted out' });
    const { quietHours, rateLimit } = this.policy();
    const allowedAt = TEMPLATES[row.template as TemplateId]?.respectsQuietHours && quietHours ? endOfQuietHours(this.timeZone(), now, quietHours) : now;
    if (row.expiresAt !== null && Math.max(allowedAt, now) >= row.expiresAt) return this.giveUp(row, 'expired', 'its time passed before it could be sent (quiet hours or no carrier)');
    if (allowedAt > now) return this.repo.requeue(row.id, allowedAt);
    if (!underRateLimit(this.repo.sentSince(row.to, now - rateLimit.windowMs), rateLimit)) {
      return this.repo.requeue(row.id, now + rateLimit.windowMs / 4, 'rate limit for this number: waiting');
    }
    this.repo.markSending(row.id, now);
    try {
      const receipt = await this.gateway!.send({ to: row.to, body: row.body });
      this.repo.markSent(row.id, receipt.sid, receipt.status, this.core.now(), this.core.now() + this.options.firstPollMs);
    } catch (error) {
      this.onSendError({ ...row, attempts: row.attempts + 1 }, error);
    }
  }

  private onSendError(row: SmsRow, error: unknown): void {
    const now = this.core.now();
    if (!(error instanceof SmsError)) throw error;
    if (error.code === 'opted_out') {
      this.core.store.change(() => {
        this.repo.optOut(row.to, now, 'carrier');
        this.repo.finish(row.id, 'suppressed', now, { errorCode: error.twilioCode, error: error.message });
      });
      return;
    }
    if (error.outcomeUnknown) return this.repo.retryLookup(row.id, now + this.retryDelay(row.attempts), `${error.code}: ${error.message}`);
    if (!error.retryable || row.attempts >= this.options.maxAttempts) return this.giveUp(row, 'failed', error.message, error.twilioCode);
    this.repo.requeue(row.id, now + this.retryDelay(row.attempts), `${error.code}: ${error.message}`, error.twilioCode);
  }

  /** A send whose outcome is unknown: did Twilio create it? Adopt it if so; send again only if Twilio says no. */
  private async resolveUnknown(row: SmsRow): Promise<void> {
    const now = this.core.now();
    try {
      const found = await this.gateway!.findSent(row.to, row.body, row.sendingSince ?? row.createdAt);
      if (found) this.repo.markSent(row.id, found.sid, found.status, now, now + this.options.firstPollMs);
      else if (row.attempts >= this.options.maxAttempts) this.giveUp(row, 'failed', row.lastError ?? 'no answer from the carrier');
      else this.repo.requeue(row.id, now);
    } catch (error) {
      if (!(error instanceof SmsError)) throw error;
      if (now - (row.sendingSince ?? row.createdAt) > this.options.followForMs) return this.giveUp(row, 'failed', `the carrier could not be asked whether it was sent: ${error.message}`);
      this.repo.retryLookup(row.id, now + this.retryDelay(row.attempts), `${error.code}: ${error.message}`);
    }
  }

  private async follow(row: SmsRow): Promise<void> {
    const now = this.core.now();
    try {
      const receipt = await this.gateway!.fetch(row.twilioSid!);
      if (receipt.state === 'delivered') return this.repo.finish(row.id, 'delivered', now, { status: receipt.status });
      if (receipt.state === 'failed') {
        const reason = `${receipt.status}${receipt.errorCode ? ` (${[receipt.errorCode, deliveryErrorText(receipt.errorCode)].filter(Boolean).join(' ')})` : ''}`;
        if (isPermanentDeliveryError(receipt.errorCode) || row.attempts >= this.options.maxAttempts) return this.giveUp(row, 'failed', `not delivered: ${reason}`, receipt.errorCode, receipt.status);
        return this.repo.requeue(row.id, now + this.retryDelay(row.attempts), `not delivered: ${reason}`, receipt.errorCode);
      }
      if (now - (row.sentAt ?? now) > this.options.followForMs) return this.repo.finish(row.id, 'sent', now, { status: receipt.status, error: 'the carrier never confirmed delivery' });
      const sinceSent = now - (row.sentAt ?? now);
      this.repo.polled(row.id, receipt.status, now + Math.min(this.options.maxPollMs, Math.max(this.options.firstPollMs, sinceSent)));
    } catch (error) {
      if (!(error instanceof SmsError)) throw error;
      // It was sent (Twilio gave it a SID); only its fate is unknown. Never re-sent: followed until it is too old.
      if (now - (row.sentAt ?? now) > this.options.followForMs) return this.repo.finish(row.id, 'sent', now, { error: `delivery never confirmed: ${error.message}` });
      this.repo.polled(row.id, row.deliveryStatus ?? 'unknown', now + this.options.maxPollMs);
    }
  }

  /** Final failure: the row says why (and the carrier's last word, for the SMS queue), consoles hear of it, and it is reported once. */
  private giveUp(row: SmsRow, state: 'failed' | 'expired', reason: string, code: number | null = null, status?: string): void {
    const now = this.core.now();
    this.repo.finish(row.id, state, now, { error: reason, errorCode: code, status });
    this.repo.markReported(row.id, now);
    this.core.log.warn({ sms: row.id, eventKey: row.eventKey, state, code }, `SMS not delivered: ${reason}`);
    this.core.bus.emit('sms.failed', { messageId: row.id, to: maskNumber(row.to), reason: reason.slice(0, 200) });
    this.core.bus.log({ at: now, kind: 'sms', text: `SMS ${row.template} to ${maskNumber(row.to)} ${state}: ${reason.slice(0, 120)}`, sessionId: null });
    this.report?.({ healthy: false, detail: `last SMS ${state}: ${reason.slice(0, 80)}` });
  }

  private retryDelay(attempts: number): number {
    return backoffDelay(attempts, this.options.backoff, this.options.random);
  }

  private timeZone(): string {
    return this.core.layout().site.timeZone;
  }

  /** A flag (or the environment) wins; else the site's setting (Site settings), read at each send; else the default. */
  private policy(): { quietHours: QuietHours | null; rateLimit: RateLimit } {
    const { smsQuietHours, smsRateLimit } = this.core.store.settings.get().settings;
    const settingQuiet = smsQuietHours === 'off' ? null : smsQuietHours ?? DEFAULT_QUIET_HOURS;
    const settingLimit = smsRateLimit ? { perNumber: smsRateLimit.perNumber, windowMs: smsRateLimit.windowMinutes * 60_000 } : DEFAULT_RATE_LIMIT;
    return {
      quietHours: this.options.quietHours === undefined ? settingQuiet : this.options.quietHours,
      rateLimit: this.options.rateLimit ?? settingLimit,
    };
  }
}

const DEFAULT_QUIET_HOURS: QuietHours = { from: '21:00', to: '08:00' };
const DEFAULT_RATE_LIMIT: RateLimit = { perNumber: 3, windowMs: HOUR };

/** Logs and consoles show "+44770090••23": enough to tell numbers apart, not enough to harvest them. */
export const maskNumber = (number: string): string => `${number.slice(0, 5)}${'•'.repeat(Math.max(0, number.length - 7))}${number.slice(-2)}`;

/** "£4.50", "¥450", "4,50 €": the site's own way of writing its currency, with the currency's own minor digits. */
function formatMoney(minor: number, currency: string, locale: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(minor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

export function formatLocal(timeZone: string, at: number): string {
  const t = localDateTime(timeZone, at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}`;
}

const view = (row: SmsRow): SmsMessageView => ({
  id: row.id,
  eventKey: row.eventKey,
  to: maskNumber(row.to),
  template: row.template,
  state: row.state,
  attempts: row.attempts,
  deliveryStatus: row.deliveryStatus,
  lastError: row.lastError,
  createdAt: row.createdAt,
  sentAt: row.sentAt,
});
