/**
 * Evidence images: the frame and the plate crop behind each lane decision, as JPEG files in <data>/evidence/<day>/,
 * recorded in the evidence table with the session they belong to. A retention sweep deletes the files after the
 * configured number of days (privacy) and marks the rows purged: the session keeps its text record for good.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { audit, type Core } from '../core';
import { isDiskFull } from '../disk/unrecorded';
import type { Evidence } from '../store/evidence-repo';
import type { Box } from './lane-capture';

export interface FrameLike {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  readonly channels?: 3 | 4;
  readonly capturedAt: number;
}

/** Turns a frame (or the part of it in a box) into JPEG bytes: native/camera/frame-jpeg.ts. */
export type JpegEncoder = (frame: FrameLike, options?: { crop?: Box; maxWidth?: number }) => Promise<Uint8Array>;

export interface EvidenceRequest {
  readonly laneId: string;
  readonly stage: 'entry' | 'exit';
  readonly frame: FrameLike;
  readonly box: Box | null;
  /**
   * The session the images are of; a function where its row may not be written yet (a car let through on a full
   * disk): asked when the evidence row is written, by then after the session's own row.
   */
  readonly sessionId: number | null | (() => number | null);
  /** The plate read at the lane (none: not read): names the car when its images cannot be kept. */
  readonly plate?: string | null;
}

interface Image {
  readonly file: string;
  readonly bytes: Uint8Array;
}

const DAY_MS = 86_400_000;
const PURGE_BATCH = 500;
/** Evidence kept in memory on a full disk, at most (about 150 kB each): past it the attendant is told what is lost. */
export const MAX_EVIDENCE_IN_MEMORY = 200;

function checkRetention(days: number): number {
  if (!Number.isInteger(days) || days < 1 || days > 3650) throw new RangeError(`evidence retention must be 1..3650 days, not ${days}`);
  return days;
}

export class EvidenceKeeper {
  private sweep: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Evidence being written: the kiosk waits for it before it closes the database. */
  private readonly pending = new Set<Promise<unknown>>();
  /** Evidence whose files or row wait in memory for disk space (core.unrecorded writes them, in order). */
  private inMemory = 0;
  /**
   * Evidence whose files are deleted while its row waits in memory to be marked purged (a full disk): the database
   * still lists it as kept, and a purge must not take it again, or making room on a full disk would never end.
   */
  private readonly unmarked = new Set<number>();

  constructor(
    private readonly core: Core,
    private readonly dir: string,
    private readonly encode: JpegEncoder,
    /** A fixed number of days (the kiosk's config), or null: the site's setting, read at each sweep. */
    private readonly fixedRetentionDays: number | null,
    private readonly maxInMemory = MAX_EVIDENCE_IN_MEMORY,
  ) {
    if (fixedRetentionDays !== null) checkRetention(fixedRetentionDays);
  }

  /** The admin may change the setting at any time (Site settings): each sweep uses the one in force. */
  private retentionDays(): number {
    return checkRetention(this.fixedRetentionDays ?? this.core.store.settings.get().settings.evidenceRetentionDays);
  }

  /**
   * Writes the files first, then the row: a crash in between leaves an orphan file, never a row without its file.
   * On a full disk the images wait in memory and are written once space returns (null then), in order behind the
   * session they are of; beyond MAX_EVIDENCE_IN_MEMORY they are not kept and the console says which.
   */
  keep(request: EvidenceRequest): Promise<Evidence | null> {
    if (this.stopped) return Promise.reject(new Error('the kiosk is closing: evidence not kept'));
    const writing = this.write(request);
    this.pending.add(writing);
    void writing.catch(() => undefined).finally(() => this.pending.delete(writing));
    return writing;
  }

  private async write(request: EvidenceRequest): Promise<Evidence | null> {
    const { frame, box } = request;
    const day = new Date(frame.capturedAt).toISOString().slice(0, 10);
    const stem = `${day}/${request.laneId}-${frame.capturedAt}-${randomBytes(3).toString('hex')}`;
    const images: Image[] = [{ file: `${stem}-frame.jpg`, bytes: await this.encode(frame, { maxWidth: 1280 }) }];
    if (box) images.push({ file: `${stem}-plate.jpg`, bytes: await this.encode(frame, { crop: box }) });
    try {
      for (const image of images) await this.writeFile(image.file, image.bytes);
      return this.insertRow(request, images);
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      this.keepInMemory(request, images);
      return null;
    }
  }

  private insertRow(request: EvidenceRequest, images: readonly Image[]): Evidence {
    const { store } = this.core;
    const sessionId = typeof request.sessionId === 'function' ? request.sessionId() : request.sessionId;
    const row = { laneId: request.laneId, stage: request.stage, capturedAt: request.frame.capturedAt, frameFile: images[0]!.file, cropFile: images[1]?.file ?? null };
    return store.change(() => store.evidence.insert(row, sessionId));
  }

  /**
   * The images wait with what else could not be recorded, and are written (files, then row) once there is room.
   * Past the limit they are dropped: the console says which car's they were at once, and the audit keeps it (a row
   * that waits with the rest, small) so the loss is still on record after the alarm has scrolled away.
   */
  private keepInMemory(request: EvidenceRequest, images: readonly Image[]): void {
    const of = `the ${request.stage} of ${request.plate ?? 'a car with no plate read'} at lane ${request.laneId}`;
    const what = `${images.length > 1 ? 'frame and plate images' : 'frame image'} of ${of}`;
    if (this.inMemory >= this.maxInMemory) {
      const { core } = this;
      const at = core.now();
      core.log.error({ lane: request.laneId, plate: request.plate ?? null, stage: request.stage }, 'evidence not kept: the disk is full and the memory for it too');
      core.bus.log({ at, kind: 'alarm', text: `Disk full: not kept (no room left in memory either): ${what}`, sessionId: null });
      const detail = { laneId: request.laneId, stage: request.stage, plate: request.plate ?? null, capturedAt: request.frame.capturedAt };
      core.unrecorded.attempt(`record that the images of ${of} were lost`, () =>
        core.store.change(() => audit(core, { actor: 'kiosk', action: 'evidence.not_kept', subject: `lane:${request.laneId}`, detail, at })),
      );
      return;
    }
    this.inMemory++;
    this.core.unrecorded.attempt(what, () => {
      try {
        for (const image of images) this.writeFileNow(image);
        this.insertRow(request, images);
        this.inMemory--;
      } catch (error) {
        if (!isDiskFull(error)) this.inMemory--;
        throw error;
      }
    });
  }

  /** How many evidence images wait in memory for disk space. */
  get waitingInMemory(): number {
    return this.inMemory;
  }

  /** The JPEG bytes of one evidence image, or null once purged. */
  async image(evidenceId: number, which: 'frame' | 'plate'): Promise<Uint8Array | null> {
    const evidence = this.core.store.evidence.require(evidenceId);
    const file = which === 'frame' ? evidence.frameFile : evidence.cropFile;
    if (evidence.purgedAt !== null || file === null) return null;
    return readFile(this.path(file));
  }

  /** Deletes the files of evidence older than the retention and marks the rows; returns how many were purged. */
  async purge(): Promise<number> {
    const now = this.core.now();
    const retentionDays = this.retentionDays();
    const purged = await this.purgeRows(this.stillKept(this.core.store.evidence.due(now - retentionDays * DAY_MS, PURGE_BATCH)), now);
    if (purged > 0) this.core.log.info({ purged, retentionDays }, 'evidence purged');
    return purged;
  }

  /** The disk runs low: the oldest `count` images go before their retention ends (the sessions keep their text). */
  async purgeOldest(count: number): Promise<number> {
    const oldest = this.stillKept(this.core.store.evidence.oldestKept(count + this.unmarked.size)).slice(0, count);
    const purged = await this.purgeRows(oldest, this.core.now());
    if (purged > 0) this.core.log.warn({ purged }, 'oldest evidence purged early to free disk space');
    return purged;
  }

  /** An erased driver's stays: their images go now, whatever the retention. */
  purgeSessions(sessionIds: readonly number[]): Promise<number> {
    const rows = sessionIds.flatMap((id) => this.core.store.evidence.forSession(id)).filter((e) => e.purgedAt === null);
    return this.purgeRows(this.stillKept(rows), this.core.now());
  }

  private stillKept(rows: readonly Evidence[]): Evidence[] {
    return rows.filter((evidence) => !this.unmarked.has(evidence.id));
  }

  /** Files first: on a full disk the rows can only be marked once the files have made room. */
  private async purgeRows(rows: readonly Evidence[], now: number): Promise<number> {
    for (const evidence of rows) {
      for (const file of [evidence.frameFile, evidence.cropFile]) if (file) await rm(this.path(file), { force: true });
    }
    for (const evidence of rows) {
      this.unmarked.add(evidence.id);
      this.core.unrecorded.attempt(`evidence ${evidence.id} marked purged`, () => {
        this.core.store.change(() => this.core.store.evidence.markPurged(evidence.id, now));
        this.unmarked.delete(evidence.id);
      });
    }
    return rows.length;
  }

  /** Sweeps now and then every `everyMs`; errors are logged, the next sweep tries again. */
  startRetention(everyMs = 60 * 60_000): void {
    const run = () => void this.purge().catch((error: unknown) => this.core.log.error({ err: error }, 'evidence purge failed'));
    run();
    this.sweep ??= setInterval(run, everyMs);
    this.sweep.unref();
  }

  /** No new evidence from now on; resolves once what was being written is in the database. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
    await Promise.allSettled([...this.pending]);
  }

  private async writeFile(file: string, bytes: Uint8Array): Promise<void> {
    const path = this.path(file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }

  /** Written in the same turn as its row (core.unrecorded's writes are synchronous). */
  private writeFileNow({ file, bytes }: Image): void {
    const path = this.path(file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }

  /** Stored names are relative; one that climbs out of the folder (a tampered row) is refused. */
  private path(file: string): string {
    const root = resolve(this.dir);
    const path = resolve(root, file);
    if (relative(root, path).startsWith('..') || !path.startsWith(root + sep)) throw new Error(`evidence path ${file} is outside ${join(this.dir)}`);
    return path;
  }
}
