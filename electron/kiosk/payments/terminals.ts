/**
 * The card readers of this site, one per exit lane or booth. Each is built from its spec (kiosk config, else the
 * `devices` table rows of kind 'terminal'; the simulator only where a spec names it, as the demo site's do), and
 * reports its health to the device registry so the dashboard and the exit screen show "card unavailable" as soon as
 * a probe says so.
 */
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import { SimulatedTerminal, StripeTerminal, type CardTerminal, type TerminalHealth } from '../../../native/terminal';
import type { DeviceReport } from '../devices';
import type { FieldIssue } from '../errors';
import { LOOPBACK_HOSTS } from '../loopback';

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/);

/**
 * The only environment variables a card reader's settings may name for its Stripe secret key: an admin's setting
 * must not be able to send any other variable of the booth PC (HOME, the site token's) to a server it chooses.
 */
export const STRIPE_KEY_ENV = /^(STRIPE_SECRET_KEY|LOTKEEPER_STRIPE_SECRET_KEY_[A-Z0-9_]{1,40})$/;
const STRIPE_KEY_ENV_RULE = 'the key is read from STRIPE_SECRET_KEY or LOTKEEPER_STRIPE_SECRET_KEY_<NAME> (capitals, digits, _)';

/** Where the reader's API calls go (a relay, the loopback test server): https, or plain http only on loopback. */
const endpointSchema = z
  .strictObject({ host: z.string().min(1).max(253), port: z.int().min(1).max(65_535), protocol: z.enum(['http', 'https']) })
  .refine((e) => e.protocol === 'https' || LOOPBACK_HOSTS.has(e.host), 'the endpoint receives the secret key: https, or http only on a loopback address');

const stripeFields = {
  id: idSchema,
  laneId: z.string().nullable(),
  driver: z.literal('stripe'),
  readerId: z.string().min(1).max(100),
  secretKeyEnv: z.string().regex(STRIPE_KEY_ENV, STRIPE_KEY_ENV_RULE).default('STRIPE_SECRET_KEY'),
  captureMethod: z.enum(['manual', 'automatic']).optional(),
  endpoint: endpointSchema.optional(),
};
const simulatedSchema = z.strictObject({ id: idSchema, laneId: z.string().nullable(), driver: z.literal('simulated'), autoPresentMs: z.int().min(0).max(600_000).nullable().default(1_500) });

/**
 * A reader as a site keeps it (the devices table, the site file, the Devices screen): never its secret, only the
 * allowed variable that holds it. An inline key is refused by name, so nobody wonders where it went.
 */
export const storedTerminalSchema = z.discriminatedUnion('driver', [
  simulatedSchema,
  z.strictObject({ ...stripeFields, secretKey: z.never('a secret key is never stored with the reader: put it in an environment variable and name it in secretKeyEnv').optional() }),
]);
/** A reader given in code (KioskConfig: tests, provisioning): may carry its key itself. */
export const terminalSpecSchema = z.discriminatedUnion('driver', [simulatedSchema, z.strictObject({ ...stripeFields, secretKey: z.string().min(1).optional() })]);
export type TerminalSpec = z.input<typeof terminalSpecSchema>;

export interface TerminalEntry {
  readonly id: string;
  readonly laneId: string | null;
  readonly driver: 'simulated' | 'stripe';
  readonly terminal: CardTerminal;
}

export function buildTerminal(input: TerminalSpec): TerminalEntry {
  const spec = terminalSpecSchema.parse(input);
  if (spec.driver === 'simulated') return { id: spec.id, laneId: spec.laneId, driver: 'simulated', terminal: new SimulatedTerminal({ autoPresentMs: spec.autoPresentMs }) };
  const secretKey = spec.secretKey ?? process.env[spec.secretKeyEnv];
  if (!secretKey) throw new Error(`terminal ${spec.id}: no Stripe secret key (set ${spec.secretKeyEnv})`);
  // A booth PC cannot take Stripe's webhooks, so the kiosk polls the reader while a driver pays: every 100 ms keeps
  // the wait after the tap near the 100 ms aim (250 ms made it 170 ms median), at 10 reads/s per paying reader,
  // far inside Stripe's rate limit for the few readers of one site.
  const terminal = new StripeTerminal({ secretKey, readerId: spec.readerId, captureMethod: spec.captureMethod, endpoint: spec.endpoint, pollIntervalMs: READER_POLL_MS });
  return { id: spec.id, laneId: spec.laneId, driver: 'stripe', terminal };
}

const READER_POLL_MS = 100;

/** The specs stored in the devices table (migration 0002), each checked as a stored reader (a bad one is a faulty device). */
export function terminalSpecsFromDevices(db: Database): { id: string; laneId: string | null; spec: () => TerminalSpec }[] {
  const rows = db.prepare("SELECT id, config FROM devices WHERE kind = 'terminal' ORDER BY id").all() as { id: string; config: string }[];
  return rows.map((row) => {
    const config = JSON.parse(row.config) as { laneId?: unknown };
    return { id: row.id, laneId: typeof config.laneId === 'string' ? config.laneId : null, spec: () => checkTerminalConfig(row.id, config) };
  });
}

type Register = (device: { id: string; kind: 'terminal'; laneId: string | null }) => (report: DeviceReport) => void;

/** A reader's config refused by its schema: each field's path in the config and its message, for the form beside it. */
export class TerminalConfigError extends Error {
  constructor(
    message: string,
    readonly fields: readonly FieldIssue[],
  ) {
    super(message);
    this.name = 'TerminalConfigError';
  }
}

/** A reader's config as the settings screen sends it, checked as buildTerminal would: the error names the field. */
export function checkTerminalConfig(id: string, config: unknown): TerminalSpec {
  const parsed = storedTerminalSchema.safeParse({ laneId: null, ...(config as object), id });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new TerminalConfigError(`card reader ${id}: ${fields.map((f) => `${f.path || 'config'}: ${f.message}`).join('; ')}`, fields);
  }
  return parsed.data;
}

export class TerminalRegistry {
  private readonly entries = new Map<string, TerminalEntry & { report: (r: DeviceReport) => void }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    entries: readonly TerminalEntry[],
    private readonly register: Register,
  ) {
    for (const entry of entries) this.add(entry);
  }

  /** A reader added or changed in the settings takes over at once; a payment already on the old one finishes there. */
  replace(entry: TerminalEntry): void {
    this.add(entry);
    this.refresh(entry.id);
  }

  private add(entry: TerminalEntry): void {
    const report = this.register({ id: entry.id, kind: 'terminal', laneId: entry.laneId });
    this.entries.set(entry.id, { ...entry, report });
  }

  get(id: string): TerminalEntry | undefined {
    return this.entries.get(id);
  }

  list(): Array<Omit<TerminalEntry, 'terminal'> & { health: TerminalHealth }> {
    return [...this.entries.values()].map(({ id, laneId, driver, terminal }) => ({ id, laneId, driver, health: terminal.health() }));
  }

  /** Asks every reader now and reports to the device registry. */
  async probeAll(): Promise<void> {
    await Promise.all([...this.entries.values()].map(async (entry) => this.report(entry, await entry.terminal.probe())));
  }

  /** Keeps health fresh in the background (unref'd: it never keeps the process alive). */
  watch(everyMs: number): void {
    this.timer ??= setInterval(() => void this.probeAll().catch(() => undefined), everyMs);
    this.timer.unref();
  }

  /** What a payment just learnt about its reader (a failed call marks it unreachable at once). */
  refresh(id: string): void {
    const entry = this.entries.get(id);
    if (entry) this.report(entry, entry.terminal.health());
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private report(entry: { report: (r: DeviceReport) => void }, health: TerminalHealth): void {
    entry.report({ healthy: health.reachable && health.readerOnline, detail: health.detail });
  }
}
