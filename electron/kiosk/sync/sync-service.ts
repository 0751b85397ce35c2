/**
 * The sync worker: pushes the outbox to head office in seq order (push.ts), pulls config (config-pull.ts), and
 * reconciles every night (nightly.ts), one cycle at a time, never two beside each other.
 *
 * Why it cannot lose or double a change:
 *  - The only progress marker is `acked_seq`, head office's own acknowledgement, saved after each ack. A crash at
 *    any point re-sends from there; head office stores each idempotency key once, so a re-sent change is harmless.
 *  - A push never leaves a gap at head office: it says what the site believes head office holds, and any answer
 *    that disagrees rewinds the site to what head office holds, or moves nothing (push.ts).
 *  - Timers only pace the loop (setTimeout, not the wall clock), so a clock jump changes no order and no ack; the
 *    nightly slot is recomputed when the clock jumps back more than a day.
 * A config pull is the cycle's side line: whatever goes wrong with it (transport, an answer outside the protocol, a
 * refused page) shows as configError and is retried later, while pushing and the nightly check go on.
 * Nothing in a lane waits on this: it runs beside the use-cases and reads committed rows only.
 */
import { isDiskFull } from '../disk/unrecorded';
import type { HeadOffice } from '../../../native/headoffice';
import { HeadOfficeError } from '../../../native/headoffice';
import { LIMITS, type HeadOfficeBooking, type QrPayment, type StripeEvent } from '../../../native/headoffice';
import type { ReconciliationView, SyncStatus } from '../contract/sync';
import type { Core } from '../core';
import type { DeviceReport } from '../devices';
import { PulledConfigRepo } from '../store/pulled-config-repo';
import { SyncRepo } from '../store/sync-repo';
import type { TariffService } from '../tariffs/tariff-service';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { forwardDeviceAlarms } from './device-alarms';
import { ConfigPuller } from './config-pull';
import { NightlyReconciliation } from './nightly';
import { OutboxPusher } from './push';

export interface SyncWorkerOptions extends PulledHandlers {
  readonly headOffice: HeadOffice | null;
  /** Why there is no head office, shown in the console and device health. */
  readonly offlineReason?: string;
  readonly batchSize?: number;
  readonly batchBytes?: number;
  readonly backoff?: BackoffPolicy;
  readonly random?: () => number;
  /** How often a caught-up worker looks for new outbox rows. */
  readonly idleMs?: number;
  readonly pullEveryMs?: number;
  /** Records per config page the site asks head office for. */
  readonly pullPageSize?: number;
  readonly nightlyAt?: string;
  readonly reconcileDays?: number;
}

/** What other capabilities do with the records a config pull brings that are not config. */
export interface PulledHandlers {
  /** Records a QR-link payment head office confirmed (payments); a site without one refuses them. */
  readonly qrPaid?: QrPaid;
  /** Applies a booking made online (bookings); none: the site refuses them as conflicts. */
  readonly bookingPulled?: (booking: HeadOfficeBooking) => void;
  /** A Stripe event for a QR Checkout Session head office relayed (payments); none: refused as conflicts. */
  readonly stripeRelayed?: (event: StripeEvent) => void;
}

export type QrPaid = (payment: QrPayment) => void;

const NO_QR_PAYMENTS: QrPaid = () => {
  throw new Error('this kiosk takes no QR-link payments');
};

const PUBLISH_EVERY_MS = 250;

export class SyncService {
  private readonly repo: SyncRepo;
  private readonly config: PulledConfigRepo;
  private readonly options: Required<Omit<SyncWorkerOptions, 'headOffice' | 'offlineReason' | keyof PulledHandlers>>;
  private readonly qrPaid: QrPaid;
  private failures = 0;
  private online: boolean | null = null;
  private stopped = true;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  /** "Sync now" callers: they wait for a whole cycle that starts after they asked. */
  private nextCycleWaiters: (() => void)[] = [];
  private readonly puller: ConfigPuller | null;
  private readonly pusher: OutboxPusher | null;
  private readonly nightly: NightlyReconciliation | null;
  private forceSoon = false;
  /** Head office answered during this cycle: only then is there a "last success" to record. */
  private contacted = false;
  private lastEmit = 0;
  private trailingEmit: ReturnType<typeof setTimeout> | null = null;
  private readonly stopOutboxWatch: () => void;
  private report: ((r: DeviceReport) => void) | null = null;
  private readonly stopDeviceAlarms: () => void;

  constructor(
    private readonly core: Core,
    tariffs: TariffService,
    private readonly headOffice: HeadOffice | null,
    options: Omit<SyncWorkerOptions, 'headOffice'> = {},
    private readonly offlineReason = 'no head office configured: this site runs offline',
  ) {
    this.repo = new SyncRepo(core.store.db);
    this.config = new PulledConfigRepo(core.store.db);
    this.options = {
      batchSize: options.batchSize ?? 1_000,
      batchBytes: options.batchBytes ?? 2 * 1024 * 1024,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      random: options.random ?? Math.random,
      idleMs: options.idleMs ?? 1_000,
      pullEveryMs: options.pullEveryMs ?? 5 * 60_000,
      pullPageSize: options.pullPageSize ?? LIMITS.defaultConfigPage,
      nightlyAt: options.nightlyAt ?? '03:30',
      reconcileDays: options.reconcileDays ?? 31,
    };
    this.qrPaid = options.qrPaid ?? NO_QR_PAYMENTS;
    // From construction, before any device starts: a camera dead at boot is queued too. Queued with or without a
    // head office, as every other outbox row is.
    this.stopDeviceAlarms = forwardDeviceAlarms(core);
    // Every committed change adds to what waits for head office, online or not: consoles hear it as it happens
    // (the sync worker itself only speaks at the end of its cycles, and never on a site without a head office).
    this.stopOutboxWatch = core.store.outbox.onCommitted(() => this.publish(false));
    this.puller = headOffice
      ? new ConfigPuller(headOffice, { core, tariffs, config: this.config, sync: this.repo, qrPaid: this.qrPaid, bookingPulled: options.bookingPulled, stripeRelayed: options.stripeRelayed }, this.options)
      : null;
    this.pusher = headOffice ? new OutboxPusher(core, headOffice, this.repo, this.options, { acknowledged: () => this.acknowledged(), catchingUp: () => this.publish(true) }) : null;
    this.nightly = headOffice ? new NightlyReconciliation(core, headOffice, this.repo, this.options) : null;
  }

  /**
   * Starts the worker. `register` adds the head-office link to device health, only when one is configured: a site
   * that runs offline on purpose has no faulty device, its console says "not configured" instead.
   */
  start(register: () => (r: DeviceReport) => void): void {
    if (!this.headOffice) return;
    const report = register();
    this.report = report;
    report({ healthy: false, detail: 'connecting' });
    this.stopped = false;
    this.nightly?.start();
    this.repo.failInterrupted(this.core.now());
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopDeviceAlarms();
    this.stopOutboxWatch();
    if (this.trailingEmit) clearTimeout(this.trailingEmit);
    this.trailingEmit = null;
    this.stopped = true;
    this.wake?.();
    // Cuts a request in flight: shutdown never waits out a timeout. Its ack is simply not saved (sent again later).
    this.headOffice?.close();
    await this.loop;
    this.loop = null;
    for (const resolve of this.nextCycleWaiters.splice(0)) resolve();
  }

  status(): SyncStatus {
    const state = this.repo.state();
    const lastSeq = this.core.store.outbox.lastSeq();
    const waiting = Math.max(0, lastSeq - state.ackedSeq);
    return {
      configured: this.headOffice !== null,
      online: this.online,
      lastSuccessAt: state.lastSuccessAt,
      lastErrorAt: state.lastErrorAt,
      lastError: this.headOffice ? state.lastError : this.offlineReason,
      ackedSeq: state.ackedSeq,
      lastSeq,
      waiting,
      catchingUp: this.pusher?.progress(state.ackedSeq) ?? null,
      configVersion: state.configVersion,
      configError: this.puller?.error ?? null,
      nextNightlyAt: this.nightly?.next ?? null,
    };
  }

  /** "Sync now": ends any backoff wait, pulls as well as pushes, and resolves after that attempt. */
  async syncNow(): Promise<SyncStatus> {
    if (!this.headOffice || this.stopped) return this.status();
    this.forceSoon = true;
    this.puller?.dueNow();
    const done = new Promise<void>((resolve) => this.nextCycleWaiters.push(resolve));
    this.wake?.();
    await done;
    return this.status();
  }

  /** The nightly reconciliation, now (the supervisor's button; the worker runs it at nightlyAt). */
  /**
   * Runs inside the worker's next cycle (never beside it: two pushes of the same batch would race their acks).
   * Throws the reason when head office could not be reached or the site could not catch up first.
   */
  async reconcileNow(): Promise<ReconciliationView | null> {
    if (!this.nightly || this.stopped) return null;
    this.nightly.request();
    const latest = this.repo.reconciliations(1)[0]?.id ?? 0;
    await this.syncNow();
    const run = this.repo.reconciliations(1)[0];
    if (!run || run.id === latest) throw new HeadOfficeError('unreachable', this.repo.state().lastError ?? 'head office could not be reached');
    return run;
  }

  history(limit = 20): { reconciliations: ReturnType<SyncRepo['reconciliations']>; pulls: ReturnType<SyncRepo['recentPulls']> } {
    return { reconciliations: this.repo.reconciliations(limit), pulls: this.repo.recentPulls(limit) };
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const waiters = this.nextCycleWaiters.splice(0);
      const succeeded = await this.cycle();
      for (const resolve of waiters) resolve();
      if (this.stopped) break;
      if (this.forceSoon) {
        this.forceSoon = false;
        continue;
      }
      await this.sleep(succeeded ? this.options.idleMs : backoffDelay(this.failures, this.options.backoff, this.options.random));
    }
  }

  private async cycle(): Promise<boolean> {
    this.contacted = false;
    try {
      await this.pusher!.pushUntilCaughtUp(() => this.stopped);
      // Never throws: a config answer that cannot be used must not hold up pushing or the nightly check.
      if (this.puller?.due()) await this.pull(this.puller);
      if (this.nightly!.due()) {
        await this.nightly!.run();
        this.contacted = true;
      }
      this.succeeded();
      return true;
    } catch (error) {
      this.failed(error);
      return false;
    }
  }

  /** Head office acknowledged a batch: it is reachable, and consoles hear the backlog shrink. */
  private acknowledged(): void {
    this.contacted = true;
    this.online = true;
    this.failures = 0;
    this.publish(false);
  }

  private async pull(puller: ConfigPuller): Promise<void> {
    const errorBefore = puller.error;
    const { contacted, morePages } = await puller.pull(() => this.stopped);
    if (contacted) this.contacted = true;
    if (morePages) this.forceSoon = true; // the next cycle goes on with them right after its push
    // Consoles hear a config pull start or stop failing even in a cycle that had nothing to push.
    if (puller.error !== errorBefore) this.publish(true);
  }

  private succeeded(): void {
    if (!this.contacted) return;
    this.online = true;
    this.failures = 0;
    this.repo.succeeded(this.core.now());
    const { waiting } = this.status();
    const pushing = waiting === 0 ? 'online, up to date' : `online, ${waiting} waiting`;
    this.report?.({ healthy: true, detail: this.puller?.error ? `${pushing}; config pull failing (see sync)` : pushing });
    this.publish(true); // the end of a cycle that reached head office: consoles must see where it ended
  }

  private failed(error: unknown): void {
    this.failures++;
    const message = error instanceof HeadOfficeError ? `${error.code}: ${error.message}` : `sync failed: ${error instanceof Error ? error.message : String(error)}`;
    if (!(error instanceof HeadOfficeError)) this.core.log.error({ err: error }, 'sync failed');
    else this.core.log.warn({ code: error.code, failures: this.failures }, `head office: ${error.message}`);
    this.online = error instanceof HeadOfficeError && ['unreachable', 'timeout', 'pin_mismatch'].includes(error.code) ? false : this.online;
    try {
      this.repo.failed(message, this.core.now());
    } catch (writeError) {
      // The stored last error is a note for the Sync screen; on a full disk the disk alarm says more, and this loop
      // must live on: it is what sends the changes kept in memory once space returns.
      if (!isDiskFull(writeError)) throw writeError;
    }
    this.report?.({ healthy: false, detail: message.slice(0, 200) });
    this.publish(true);
  }

  /**
   * Consoles hear every state change, at most four times a second while a backlog drains or cars stream in; a change
   * held back by that limit is sent at the end of its quarter second, so the last word is always the current one.
   */
  private publish(force: boolean): void {
    const now = performance.now();
    const wait = this.lastEmit + PUBLISH_EVERY_MS - now;
    if (!force && wait > 0) {
      this.trailingEmit ??= setTimeout(() => {
        this.trailingEmit = null;
        this.publish(true);
      }, wait);
      return;
    }
    if (this.trailingEmit) clearTimeout(this.trailingEmit);
    this.trailingEmit = null;
    this.lastEmit = now;
    this.core.bus.emit('sync.changed', this.status());
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
