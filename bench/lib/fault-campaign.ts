/**
 * The fault campaign (bench/faults.ts; a short run in test/integration/fault-campaign.test.ts): vehicles driven
 * through the demo site's lanes by a kiosk in its own process (fault-kiosk.ts), killed with SIGKILL at random
 * moments and restarted, with head office (loopback, in this process: it outlives the kiosk) unreachable for the
 * middle third of the kills, card payments on the loopback Stripe server, cash and wallet payments, the relay board's
 * serial cable pulled and put back (fault-hazards.ts), the data folder's small disk filled and freed during some
 * lives (where this process may mount one: root), and the wall clock jumping two hours under some stays. Afterwards
 * every step the kiosk said it had committed is checked against the database, every relay that moved against a
 * recorded decision, every stay's money against its charge and the tariff for the time it really stayed, the
 * database and audit chain are checked, and a last kiosk syncs until head office holds every change: the figures
 * say what was lost or doubled (all must be 0).
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { databaseFile } from '../../electron/kiosk/data-dir';
import { createKiosk, type Kiosk } from '../../electron/kiosk/kiosk';
import { checkAuditAnchor, verifyAuditChain } from '../../electron/kiosk/domain/audit-chain';
import { startHeadOfficeServer } from '../../test/support/head-office-server';
import { bundleForChildren } from '../../test/support/crash-child';
import { startStripeServer } from '../../test/support/stripe-server';
import { Offenders, type Ack, type Life } from './fault-diagnose';
import { CampaignDisk, RelayLine } from './fault-hazards';
import { BARRIER_CHANNEL, JUMP_MS, START, STAY_MS, type FaultKioskSetup } from './fault-setup';
import { seededRandom } from './plates';

export interface CampaignOptions {
  readonly vehicles: number;
  /** Kills are spread over the run: one after a random 0.5x..1.5x of this many ms of the kiosk driving cars. */
  readonly killEveryMs: number;
  /** At most this many kills; after them the kiosk runs to the end. */
  readonly maxKills: number;
  /** Times the relay board's cable is pulled, spread over the run. */
  readonly relayUnplugs: number;
  /** Fill the data folder's disk (a tmpfs this process mounts: needs root) during every fifth life. */
  readonly diskFills: boolean;
  readonly seed: number;
  readonly progress?: (text: string) => void;
}

export interface CampaignFigures {
  vehicles: number;
  kills: number;
  restarts: number;
  head_office_down_s: number;
  vehicles_in: number;
  vehicles_out: number;
  vehicles_inside: number;
  sessions_lost: number;
  sessions_duplicated: number;
  payments_acked: number;
  payments_lost: number;
  payments_doubled: number;
  card_charges_without_payment: number;
  wallet_payments: number;
  wallet_disagreeing: number;
  money_disagreeing: number;
  stays_mispriced: number;
  clock_jumps: number;
  records_off_the_campaign_clock: number;
  relay_unplugs: number;
  pulses: number;
  pulses_without_decision: number;
  relays_left_on: number;
  disk_fills: number;
  integrity_check: string;
  audit_verify: boolean;
  head_office_changes: number;
  head_office_missing: number;
  head_office_duplicated: number;
  wall_s: number;
}

type Pulse = { vehicle: number; step: 'entry' | 'exit' };

const CHILD = join(import.meta.dirname, 'fault-kiosk.ts');
const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The campaign's kiosk as one esbuild bundle (dist/faults/, beside the CLI's, so it finds the app's files the same
 * way), built once per campaign: each of its hundreds of lives then starts in plain Node instead of having tsx
 * transform and resolve every source file again, which took most of a life on a loaded machine (about 25 s of
 * 30 s between a kill and the next car). Packages stay external, loaded from node_modules as in the sources.
 */
async function bundleKiosk(): Promise<string> {
  // A folder of its own: a short campaign (the test) may run beside a full one.
  mkdirSync(join(ROOT, 'dist', 'faults'), { recursive: true });
  const outfile = join(mkdtempSync(join(ROOT, 'dist', 'faults', 'kiosk-')), 'fault-kiosk.mjs');
  await bundleForChildren(CHILD, outfile, 'import { createRequire as __faultsCreateRequire } from "node:module";\nconst require = __faultsCreateRequire(import.meta.url);');
  return outfile;
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignFigures> {
  const started = Date.now();
  const say = options.progress ?? (() => undefined);
  const random = seededRandom(options.seed);
  // Room for the run's records (about 16 kB a car) with some to spare: the filler takes the rest when it fills.
  const disk = options.diskFills ? CampaignDisk.mount(64 + Math.ceil(options.vehicles / 64)) : null;
  const dataDir = disk?.dir ?? mkdtempSync(join(tmpdir(), 'lotkeeper-faults-'));
  const kioskBundle = await bundleKiosk();
  const headOffice = await startHeadOfficeServer();
  const stripe = await startStripeServer({ readers: ['tmr_lane1'] });
  const relay = await RelayLine.open();
  relay.unplugRepeatedly(options.relayUnplugs, (options.killEveryMs * (options.maxKills + 1)) / (options.relayUnplugs + 1), random);
  const setup: FaultKioskSetup = { dataDir, vehicles: options.vehicles, headOffice: { url: headOffice.url, token: headOffice.token }, stripePort: stripe.port, relayPort: relay.port };
  const acks: Ack[] = [];
  const pulses: Pulse[] = [];
  const lives: Life[] = [];
  let keep = false;
  let kills = 0;
  let restarts = 0;
  // A life also ends after a random number of steps (about three a vehicle), so a machine fast enough to drive every
  // car between two kill timers is still killed as often as asked.
  const acksPerLife = Math.max(1, Math.ceil((3 * options.vehicles) / (options.maxKills + 1)));
  let downSince: number | null = null;
  let downMs = 0;
  try {
    for (;;) {
      // Head office is unreachable for the middle third of the kills, then back.
      const wantDown = kills >= options.maxKills / 3 && kills < (2 * options.maxKills) / 3;
      if (wantDown && downSince === null) {
        await headOffice.down();
        downSince = Date.now();
      } else if (!wantDown && downSince !== null) {
        await headOffice.up();
        downMs += Date.now() - downSince;
        downSince = null;
      }
      const killAfter = kills < options.maxKills ? { ms: options.killEveryMs * (0.5 + random()), acks: 1 + Math.floor(random() * 2 * acksPerLife) } : null;
      const fill = disk && restarts % 5 === 2 ? { disk, afterMs: options.killEveryMs * (0.2 + 0.4 * random()), forMs: options.killEveryMs * (0.3 + 0.7 * random()) } : null;
      const run = await runKiosk(kioskBundle, setup, killAfter, fill);
      lives.push({ index: lives.length, ...run.life });
      acks.push(...run.acks.map((a) => ({ ...a, life: lives.length - 1 })));
      pulses.push(...run.pulses);
      if (run.done) break;
      if (!run.killed) throw new Error(`the campaign kiosk stopped by itself (${run.code}): ${run.stderr.slice(-2_000)}`);
      kills++;
      restarts++;
      if (kills % 10 === 0) say(`${kills} kills, ${acks.filter((a) => a.step === 'entry').length} entries acknowledged`);
    }
    if (downSince !== null) {
      await headOffice.up();
      downMs += Date.now() - downSince;
    }
    say(`done after ${kills} kills: checking`);
    const relayUnplugs = relay.unplugs;
    await relay.close();
    const offTheClock = recordsOffTheCampaignClock(dataDir, options.vehicles);
    const checked = await check(dataDir, acks, lives, headOffice, [...stripe.ledger.charges.values()].filter((c) => c.captured).length);
    keep = checked.offenders > 0 || offTheClock > 0;
    const relayed = relayFigures(relay, pulses, checked.recorded);
    return { vehicles: options.vehicles, kills, restarts, head_office_down_s: Math.round(downMs / 1000), ...checked.figures, records_off_the_campaign_clock: offTheClock, relay_unplugs: relayUnplugs, ...relayed, disk_fills: disk?.fills ?? 0, wall_s: Math.round((Date.now() - started) / 1000) };
  } finally {
    await relay.close();
    await headOffice.close();
    await stripe.close();
    rmSync(dirname(kioskBundle), { recursive: true, force: true });
    if (keep) keepDataDir(dataDir, say);
    if (disk) disk.unmount();
    else if (!keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Every relay that moved had a decision on record behind it: the kiosk tells each try of a pulse before sending
 * it, after the decision is committed. So the board never saw more pulses on a channel than were told, and every
 * one told is for a vehicle whose entry (or exit) is in the database.
 */
function relayFigures(relay: RelayLine, pulses: Pulse[], recorded: { entered: Set<number>; left: Set<number> }) {
  const told = (step: Pulse['step']) => pulses.filter((pulse) => pulse.step === step);
  const unbacked = (step: Pulse['step'], done: Set<number>) => Math.max(0, relay.pulses(BARRIER_CHANNEL[step]) - told(step).length) + told(step).filter((pulse) => !done.has(pulse.vehicle)).length;
  return {
    pulses: relay.pulses(BARRIER_CHANNEL.entry) + relay.pulses(BARRIER_CHANNEL.exit),
    pulses_without_decision: unbacked('entry', recorded.entered) + unbacked('exit', recorded.left),
    relays_left_on: relay.board.relays.filter(Boolean).length,
  };
}

/** The data folder of a run whose money figures are not 0, kept for a look (the tmpfs goes with its unmount). */
function keepDataDir(dataDir: string, say: (text: string) => void): void {
  const kept = mkdtempSync(join(tmpdir(), 'lotkeeper-faults-kept-'));
  cpSync(dataDir, kept, { recursive: true, filter: (path) => !path.endsWith('filler.bin') });
  say(`money figures are not 0: the data folder is kept in ${kept}`);
}

interface KioskRun {
  life: Omit<Life, 'index'>;
  acks: Ack[];
  pulses: Pulse[];
  done: boolean;
  killed: boolean;
  code: number | null;
  stderr: string;
}

/** One life of the kiosk: until it finishes, or SIGKILL after `killAfterMs`; its disk filled for a while if asked. */
function runKiosk(bundle: string, setup: FaultKioskSetup, killAfter: { ms: number; acks: number } | null, fill: { disk: CampaignDisk; afterMs: number; forMs: number } | null): Promise<KioskRun> {
  return new Promise((resolve, reject) => {
    // node itself runs the bundle: a launcher (the tsx CLI) would run the kiosk in a grandchild that a SIGKILL would not reach.
    const startedAt = Date.now();
    let fillFrom: number | null = null;
    let fillTo: number | null = null;
    const child = spawn(process.execPath, ['--enable-source-maps', bundle, JSON.stringify(setup)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let timer: NodeJS.Timeout | undefined;
    const fillTimers: NodeJS.Timeout[] = [];
    let out = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // The clock of a kill starts once the kiosk is up and driving cars: a start-up slower than the kill would
      // otherwise be all the campaign ever killed.
      if (!out.includes('"ready":true')) return;
      if (fill && fillTimers.length === 0) {
        fillTimers.push(
          setTimeout(() => {
            fill.disk.fill();
            fillFrom = Date.now();
          }, fill.afterMs),
          setTimeout(() => {
            fill.disk.free();
            fillTo = Date.now();
          }, fill.afterMs + fill.forMs),
        );
      }
      if (killAfter === null) return;
      timer ??= setTimeout(() => child.kill('SIGKILL'), killAfter.ms);
      if (out.split('"ack"').length - 1 >= killAfter.acks) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-10_000)));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      fillTimers.forEach(clearTimeout);
      fill?.disk.free();
      const endedAt = Date.now();
      const filled = fillFrom === null ? null : { from: fillFrom, to: fillTo ?? endedAt };
      // A line cut by the kill was never a whole acknowledgement: only complete lines count.
      const lines = out.split('\n').slice(0, -1).map((line) => JSON.parse(line) as { ack?: Ack; pulse?: Pulse; done?: boolean; ready?: boolean });
      resolve({ life: { startedAt, endedAt, killed: signal === 'SIGKILL', fill: filled }, acks: lines.flatMap((line) => (line.ack ? [line.ack] : [])), pulses: lines.flatMap((line) => (line.pulse ? [line.pulse] : [])), done: lines.some((line) => line.done === true), killed: signal === 'SIGKILL', code, stderr });
    });
  });
}

/**
 * Records stamped outside the campaign's time (its cars' minutes, a two-hour jump either way: a kill leaves the clock
 * jumped, so the next car's entry may be stamped two hours early): each life sets its kiosk's clock before the kiosk
 * starts, so none is stamped with the real day (a site set up, a card reconciled at start-up on the machine's own
 * clock). Read before the checking kiosk (on the real clock) writes anything.
 */
function recordsOffTheCampaignClock(dataDir: string, vehicles: number): number {
  const db = new Database(databaseFile(dataDir), { readonly: true });
  try {
    // Slack for the real time a step may take (a full disk waited out, a slow start) on top of its minute.
    const slackMs = 30 * 60_000;
    const [from, to] = [START - JUMP_MS - slackMs, START + vehicles * 60_000 + STAY_MS + JUMP_MS + slackMs];
    return Number(db.prepare('SELECT count(*) FROM outbox WHERE created_at NOT BETWEEN ? AND ?').pluck().get(from, to));
  } finally {
    db.close();
  }
}

async function check(dataDir: string, acks: Ack[], lives: Life[], headOffice: Awaited<ReturnType<typeof startHeadOfficeServer>>, capturedCharges: number) {
  const kiosk = await createKiosk({ dataDir, logToFile: false, devices: 'none', headOffice: { url: headOffice.url, token: headOffice.token, timeoutMs: 5_000, batchSize: 500 }, sync: { idleMs: 5, backoff: { baseMs: 5, maxMs: 50 } } });
  try {
    const { db } = kiosk.store;
    const sessions = db.prepare("SELECT id, plate_key AS plate, status, entry_at AS entryAt, exit_at AS exitAt FROM sessions WHERE plate_key LIKE 'FC%'").all() as { id: number; plate: string; status: string; entryAt: number; exitAt: number | null }[];
    const byId = new Map(sessions.map((s) => [s.id, s]));
    const payments = db.prepare('SELECT id, session_id AS sessionId, method FROM payments').all() as { id: number; sessionId: number; method: string }[];
    const offenders = new Offenders();
    const paymentIds = new Set(payments.map((p) => p.id));
    const perSession = new Map<number, number>();
    for (const p of payments) perSession.set(p.sessionId, (perSession.get(p.sessionId) ?? 0) + 1);
    const plates = new Map<string, number>();
    for (const s of sessions) plates.set(s.plate, (plates.get(s.plate) ?? 0) + 1);
    const entries = acks.filter((a) => a.step === 'entry');
    const exits = acks.filter((a) => a.step === 'exit');
    const paid = acks.filter((a) => a.step === 'paid');
    await until(() => {
      const status = kiosk.services.sync.status();
      return status.waiting === 0 && status.ackedSeq === kiosk.store.outbox.lastSeq();
    }, 600_000);
    const site = db.prepare('SELECT key FROM outbox').pluck().all() as string[];
    const held = new Map<string, number>();
    for (const change of headOffice.ledger.all()) held.set(change.key, (held.get(change.key) ?? 0) + 1);
    const audit = checkAuditAnchor(verifyAuditChain(kiosk.store.audit.iterate()), kiosk.store.outbox.auditAnchor());
    const vehicleOf = (plate: string) => Number(plate.slice(2, 7));
    const recorded = { entered: new Set(sessions.map((s) => vehicleOf(s.plate))), left: new Set(sessions.filter((s) => s.status === 'closed').map((s) => vehicleOf(s.plate))) };
    const figures = {
      vehicles_in: sessions.length,
      vehicles_out: sessions.filter((s) => s.status === 'closed').length,
      vehicles_inside: sessions.filter((s) => s.status === 'open' || s.status === 'paid').length,
      sessions_lost: entries.filter((a) => !byId.has(a.sessionId)).length,
      sessions_duplicated: [...plates.values()].filter((n) => n > 1).length,
      payments_acked: paid.length,
      payments_lost: paid.filter((a) => !paymentIds.has(a.paymentId!)).length,
      payments_doubled: doubled(perSession, offenders),
      card_charges_without_payment: capturedCharges - payments.filter((p) => p.method === 'card').length,
      ...moneyFigures(kiosk, sessions.filter((s) => s.status === 'closed'), offenders),
      // An exit acknowledged (its barrier lifted) whose session is not closed on record.
      pulses_without_decision: exits.filter((a) => byId.get(a.sessionId)?.exitAt == null).length,
      integrity_check: String(db.pragma('integrity_check', { simple: true })),
      audit_verify: audit.ok,
      head_office_changes: held.size,
      head_office_missing: site.filter((key) => !held.has(key)).length,
      head_office_duplicated: [...held.values()].filter((n) => n > 1).length,
    };
    if (offenders.size > 0) process.stderr.write(`${offenders.describe(db, acks, lives)}\n`);
    return { figures, recorded, offenders: offenders.size };
  } finally {
    await kiosk.close();
  }
}

/**
 * Money agrees: the wallet's balance is its movements', and its debits are its payments; each stay that left paid
 * exactly its recorded charge, and that charge is the tariff for the time the car really stayed (STAY_MS, plus at
 * most the minute the exit's own milliseconds may round up to), whatever the wall clock did meanwhile.
 */
function doubled(perSession: Map<number, number>, offenders: Offenders): number {
  const sessions = [...perSession].filter(([, n]) => n > 1);
  for (const [sessionId, n] of sessions) offenders.add(sessionId, 'payments_doubled', `${n} payments`);
  return sessions.length;
}

function moneyFigures(kiosk: Kiosk, left: { id: number; entryAt: number }[], offenders: Offenders) {
  const { db } = kiosk.store;
  const one = (sql: string) => Number(db.prepare(sql).pluck().get() ?? 0);
  const wallet_disagreeing =
    Number(one('SELECT coalesce(sum(balance_minor), 0) FROM wallets') !== one('SELECT coalesce(sum(amount_minor), 0) FROM wallet_movements')) +
    Number(-one("SELECT coalesce(sum(amount_minor), 0) FROM wallet_movements WHERE kind = 'debit'") !== one("SELECT coalesce(sum(amount_minor), 0) FROM payments WHERE method = 'wallet'"));
  const paidStmt = db.prepare('SELECT coalesce(sum(amount_minor), 0) FROM payments WHERE session_id = ?').pluck();
  const chargeStmt = db.prepare('SELECT total_minor FROM session_charges WHERE session_id = ? ORDER BY id DESC LIMIT 1').pluck();
  const tariff = (entryAt: number, ms: number) => kiosk.services.tariffs.quote({ entryAt, exitAt: entryAt + ms, vehicleClass: 'car' }).totalMinor;
  let money_disagreeing = 0;
  let stays_mispriced = 0;
  for (const stay of left) {
    const charged = chargeStmt.get(stay.id) as number | undefined;
    const paid = Number(paidStmt.get(stay.id));
    if (charged !== paid) {
      money_disagreeing++;
      offenders.add(stay.id, 'money_disagreeing', `charged ${charged}, paid ${paid}`);
    }
    const owed = [tariff(stay.entryAt, STAY_MS), tariff(stay.entryAt, STAY_MS + 60_000)];
    if (!owed.includes(charged ?? NaN)) {
      stays_mispriced++;
      offenders.add(stay.id, 'stays_mispriced', `charged ${charged}, the tariff says ${owed.join(' or ')}`);
    }
  }
  return { wallet_payments: one("SELECT count(*) FROM payments WHERE method = 'wallet'"), wallet_disagreeing, money_disagreeing, stays_mispriced, clock_jumps: one("SELECT count(*) FROM audit_log WHERE action = 'clock.jumped'") };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('head office never caught up');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
