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

const idSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/);
export const terminalSpecSchema = z.discriminatedUnion('driver', [
  z.strictObject({ id: idSchema, laneId: z.string().nullable(), driver: z.literal('simulated'), autoPresentMs: z.int().min(0).max(600_000).nullable().default(1_500) }),
  z.strictObject({
    id: idSchema,
    laneId: z.string().nullable(),
    driver: z.literal('stripe'),
    readerId: z.string().min(1),
    /** The secret key itself (tests), or the name of the environment variable holding it (a site's devices row). */
    secretKey: z.string().min(1).optional(),
    secretKeyEnv: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).optional(),
    captureMethod: z.enum(['manual', 'automatic']).optional(),
    endpoint: z.strictObject({ host: z.string(), port: z.int(), protocol: z.enum(['http', 'https']) }).optional(),
  }),
]);
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
  const secretKey = spec.secretKey ?? (spec.secretKeyEnv ? process.env[spec.secretKeyEnv] : undefined);
  if (!secretKey) throw new Error(`terminal ${spec.id}: no Stripe secret key (set ${spec.secretKeyEnv ?? 'secretKeyEnv'})`);
  // A booth PC cannot take Stripe's webhooks, so the kiosk polls the reader while a driver pays: every 100 ms keeps
  // the wait after the tap near the 100 ms aim (250 ms made it 170 ms median), at 10 reads/s per paying reader,
  // far inside Stripe's rate limit for the few readers of one site.
  const terminal = new StripeTerminal({ secretKey, readerId: spec.readerId, captureMethod: spec.captureMethod, endpoint: spec.endpoint, pollIntervalMs: READER_POLL_MS });
  return { id: spec.id, laneId: spec.laneId, driver: 'stripe', terminal };
}

const READER_POLL_MS = 100;

/** The specs stored in the devices table (migration 0002); each is validated when its terminal is built. */
export function terminalSpecsFromDevices(db: Database): TerminalSpec[] {
  const rows = db.prepare("SELECT id, config FROM devices WHERE kind = 'terminal' ORDER BY id").all() as { id: string; config: string }[];
  return rows.map((row) => ({ laneId: null, ...(JSON.parse(row.config) as object), id: row.id }) as TerminalSpec);
}

type Register = (device: { id: string; kind: 'terminal'; laneId: string | null }) => (report: DeviceReport) => void;

/** A reader's config as the settings screen sends it, checked as buildTerminal would: the error names the field. */
export function checkTerminalConfig(id: string, config: unknown): TerminalSpec {
  const parsed = terminalSpecSchema.safeParse({ laneId: null, ...(config as object), id });
  if (!parsed.success) throw new Error(`card reader ${id}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}`);
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
