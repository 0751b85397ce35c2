import type { z } from 'zod';
import { calls, type CallName, type CallOutput, type Role } from './contract';
import type { Actor, Core } from './core';
import type { ClockGuard } from './clock-guard';
import type { DeviceRegistry } from './devices';
import { auditFilterOf } from './audit/audit-query';
import { notFound } from './errors';
import { normalisePlate, foldConfusable } from './domain/plate';
import type { SessionService } from './sessions/session-service';
import type { PaymentService } from './payments/payment-service';
import { paymentHandlers, printerHandlers } from './payments/handlers';
import { chargeView } from './payments/charges';
import type { PrinterSettingsService } from './payments/printer-settings';
import type { ShiftService } from './shifts/shift-service';
import type { TariffService } from './tariffs/tariff-service';
import type { UserService } from './users/user-service';
import type { SyncService } from './sync/sync-service';
import type { NotifyService } from './notify/notify-service';
import { syncHandlers } from './sync/handlers';
import { reportHandlers } from './reports/handlers';
import type { ReportRunner } from './reports/report-runner';
import type { AnomalyService } from './anomalies/anomaly-service';
import { anomalyHandlers } from './anomalies/handlers';
import type { AccessService } from './lanes/access-service';
import type { DiskWatch } from './disk/disk-watch';
import type { EvidenceKeeper } from './lanes/evidence';
import { laneHandlers } from './lanes/handlers';
import type { LaneService } from './lanes/lane-service';
import type { LaneSettingsService } from './lanes/settings-service';
import { settingsHandlers, type SettingsService } from './settings/settings-service';
import { publicUser, type StoredUser } from './store/users-repo';
import type { Logins } from './auth/logins';
import type { DriverService } from './drivers/driver-service';
import { driverHandlers } from './drivers/handlers';
import type { BookingCards } from './bookings/booking-cards';
import type { BookingService } from './bookings/booking-service';
import { bookingHandlers } from './bookings/handlers';
import type { SpaceService } from './spaces/space-service';
import { spaceHandlers } from './spaces/handlers';

export interface Services {
  readonly core: Core;
  readonly sessions: SessionService;
  readonly tariffs: TariffService;
  readonly users: UserService;
  readonly shifts: ShiftService;
  readonly devices: DeviceRegistry;
  /** Watches the wall clock against a monotonic one; stays in progress are priced around its jumps. */
  readonly clock: ClockGuard;
  readonly payments: PaymentService;
  /** Receipt printers' set-up and test prints (the Devices screen). */
  readonly printers: PrinterSettingsService;
  readonly sync: SyncService;
  readonly notify: NotifyService;
  readonly lanes: LaneService;
  readonly laneSettings: LaneSettingsService;
  readonly access: AccessService;
  readonly evidence: EvidenceKeeper;
  /** The Site settings screen's settings (admin). */
  readonly settings: SettingsService;
  /** Every console's login: idle and age limits, and logouts when an admin changes a user. */
  readonly logins: Logins;
  readonly drivers: DriverService;
  readonly bookings: BookingService;
  readonly bookingCards: BookingCards;
  readonly spaces: SpaceService;
  /** Reports, exports and the forecast, computed on a worker thread (reports/report-runner.ts). */
  readonly reports: ReportRunner;
  /** Anomalies raised from the lot's record and the lanes' gates, for a supervisor to acknowledge. */
  readonly anomalies: AnomalyService;
  /** Free space under the data folder: the low-disk alarm, room made from old logs and evidence. */
  readonly disk: DiskWatch;
}

/** Per-connection state the handlers may change: who is logged in on this console. */
export interface CallContext {
  actor: StoredUser | null;
  /** When this console's login began and was last used (a key or a click), and the role it began with. */
  login: { since: number; activeAt: number; role: Role } | null;
  /** Which console this is (a socket, a window): login attempts are limited per console. */
  readonly peer: string;
  /** Aborted when this console's connection closes: work it asked for and nobody will read stops. */
  readonly closed: AbortSignal;
}

type ParsedInput<N extends CallName> = z.output<(typeof calls)[N]['input']>;
type Handler<N extends CallName> = (input: ParsedInput<N>, actor: Actor, context: CallContext) => CallOutput<N> | Promise<CallOutput<N>>;
export type Handlers = { [N in CallName]: Handler<N> };
/** The handlers of one capability's calls (contract/<capability>.ts), built in that capability's folder. */
export type HandlersFor<Calls> = { [N in keyof Calls & CallName]: Handler<N> };

export function createHandlers(services: Services): Handlers {
  const { core, sessions, tariffs, users, shifts } = services;
  const { store } = core;
  return {
    'auth.login': async (input, _actor, context) => {
      context.actor = await users.login(input.username, input.secret, context.peer);
      context.login = { since: core.now(), activeAt: core.now(), role: context.actor.role };
      return { user: publicUser(context.actor) };
    },
    'auth.logout': (_input, actor, context) => {
      users.logout(actor);
      context.actor = null;
      context.login = null;
      return { ok: true };
    },
    'auth.active': (_input, _actor, context) => {
      if (context.login) context.login.activeAt = core.now();
      return { ok: true };
    },
    'auth.me': (_input, _actor, context) => ({ user: publicUser(context.actor!) }),

    'site.info': () => core.layout().site,
    'site.layout': () => core.layout(),
    'dashboard.get': () => {
      const occupancy = store.sessions.occupancy();
      return { occupancy, inside: occupancy.reduce((n, row) => n + row.occupied, 0), events: core.bus.recent(), devices: services.devices.list(), now: core.now() };
    },

    'sessions.search': (input) => {
      const plateFold = input.plate ? foldConfusable(normalisePlate(input.plate)) : undefined;
      const found = store.sessions.search({ plateFold, from: input.from, to: input.to, status: input.status, limit: input.limit });
      // Cars inside that a misread still matches: the same entry range as the rest, or a range would not narrow them.
      const inRange = (entryAt: number): boolean => (input.from === undefined || entryAt >= input.from) && (input.to === undefined || entryAt < input.to);
      const inside = input.plate && !input.status ? sessions.matchInside(input.plate, 10).filter((c) => inRange(c.session.entryAt)) : [];
      const seen = new Set(found.map((s) => s.id));
      const ranked = inside.filter((c) => !seen.has(c.session.id)).map((c) => ({ ...c.session, score: c.score }));
      // Cars let in on a full disk have no row to find yet: listed apart, by plate, lane and time.
      const unrecorded = input.status === undefined || input.status === 'open' ? services.lanes.held.unrecordedInside(plateKeyOf(input.plate)) : [];
      return { sessions: [...ranked, ...found.map((s) => ({ ...s, score: null }))].slice(0, input.limit), unrecorded };
    },
    'sessions.get': (input) => {
      const session = store.sessions.get(input.id);
      if (!session) throw notFound(`session ${input.id}`);
      // Inside: what leaving now would cost. Closed: what its exit recorded. Voided: nothing is owed.
      const charge = session.status === 'voided' ? null : chargeView(session.id, sessions.charges.chargeAt(session, core.now()));
      return { session, charge, audit: store.audit.list({ subject: `session:${session.id}`, limit: 100 }) };
    },
    'sessions.manualEntry': (input, actor) => ({
      session: sessions.open({ plateRaw: input.plate, plateConfidence: null, plateImage: null, laneId: input.laneId, zoneId: input.zoneId, vehicleClass: input.vehicleClass, spaceType: input.spaceType, manualReason: input.reason }, actor),
    }),
    'sessions.manualExit': (input, actor) => {
      const { session, charge } = sessions.close(input.sessionId, { laneId: input.laneId, manualReason: input.reason }, actor);
      return { session, charge: chargeView(session.id, charge) };
    },
    'sessions.void': (input, actor) => ({ session: sessions.void(input.sessionId, input.reason, actor) }),
    'sessions.reopen': (input, actor) => ({ session: sessions.reopen(input.sessionId, input.reason, actor) }),
    'sessions.fixPlate': (input, actor) => ({ session: sessions.fixPlate(input.sessionId, input.plate, input.reason, actor) }),
    'sessions.matchExit': (input) => ({ candidates: sessions.matchInside(input.plate), unrecorded: services.lanes.held.unrecordedInside(plateKeyOf(input.plate)) }),

    'tariffs.list': () => ({ tables: tariffs.list() }),
    'tariffs.save': (input, actor) => ({ table: tariffs.save(input.table, input.reason, actor) }),
    'tariffs.quote': (input) => ({ quote: tariffs.quote({ entryAt: input.entryAt, exitAt: input.exitAt, vehicleClass: input.vehicleClass, lostTicket: input.lostTicket }, input.draft) }),

    'users.list': () => ({ users: users.list() }),
    'users.create': async (input, actor) => ({ user: await users.create(input, actor) }),
    'users.update': async (input, actor) => {
      const user = await users.update(input, actor);
      services.logins.sweep(); // a disabled user or a new role is logged out of every console now
      return { user };
    },

    'shifts.current': (_input, actor) => ({ shift: shifts.current(actor) }),
    'shifts.open': (input, actor) => ({ shift: shifts.open(input.floatMinor, actor) }),
    'shifts.close': (input, actor) => ({ shift: shifts.close(input.counted, actor, input.note) }),

    'audit.list': (input) => ({ entries: store.audit.list(auditFilterOf(input, core.layout().site.timeZone)) }),
    ...laneHandlers(services),
    ...syncHandlers(services),
    ...paymentHandlers(services),
    ...printerHandlers(services),
    ...settingsHandlers(services),
    ...driverHandlers(services),
    ...bookingHandlers(services),
    ...spaceHandlers(services),
    ...reportHandlers(services),
    ...anomalyHandlers(services),
  };
}

/** A typed plate's key for matching, as far as it goes (a search may type part of one); undefined when none. */
function plateKeyOf(plate: string | undefined): string | undefined {
  const key = plate?.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return key ? key : undefined;
}
