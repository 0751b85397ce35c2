/**
 * The config pull, the sync cycle's side line: tariffs, permits, lists and validation codes come from head office
 * page by page, each page applied in its own transaction. Whatever goes wrong with it (transport, an answer outside
 * the protocol, a refused page) is the pull's alone: it shows as `error`, and the pull is asked again later from
 * the page that failed, while the worker goes on pushing and checking the night.
 */
import { HeadOfficeError, type ConfigDelta, type HeadOffice } from '../../../native/headoffice';
import { backoffDelay, type BackoffPolicy } from './backoff';
import { applyConfigDelta, assertPageMovesOn, InvalidConfigError, type PullDeps, type PullResult } from './pull';

/** A first pull of a large site is many pages: pushing gets its turn between bursts of this many. */
const MAX_PAGES_PER_CYCLE = 20;

export interface ConfigPullOptions {
  readonly pullEveryMs: number;
  readonly pullPageSize: number;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
}

export class ConfigPuller {
  private nextPullAt = 0;
  private failures = 0;
  private lastError: string | null = null;
  /** "Sync now" asked while a pull was on its way: that pull's answer may predate what the user wants fetched. */
  private askedDuringPull = false;
  /** Where a pull that spans pages goes on (kept in memory: after a restart it starts again from the version). */
  private cursor: { since: number; after: string | null } | null = null;

  constructor(
    private readonly headOffice: HeadOffice,
    private readonly ctx: PullDeps,
    private readonly options: ConfigPullOptions,
  ) {}

  get error(): string | null {
    return this.lastError;
  }

  due(): boolean {
    return this.ctx.core.now() >= this.nextPullAt;
  }

  /** "Sync now" pulls at once, whatever the schedule or a backoff said. */
  dueNow(): void {
    this.nextPullAt = 0;
    this.askedDuringPull = true;
  }

  /**
   * Up to MAX_PAGES_PER_CYCLE pages. Never throws; says whether head office answered and whether pages are still
   * waiting (the caller comes back for them right after its next push).
   */
  async pull(stopped: () => boolean): Promise<{ contacted: boolean; morePages: boolean }> {
    let contacted = false;
    this.askedDuringPull = false;
    try {
      for (let pages = 0; pages < MAX_PAGES_PER_CYCLE; pages++) {
        if (stopped()) return { contacted, morePages: false };
        const more = await this.pullPage(() => (contacted = true));
        if (!more) {
          this.nextPullAt = this.askedDuringPull ? 0 : this.ctx.core.now() + this.options.pullEveryMs;
          return { contacted, morePages: false };
        }
      }
      return { contacted, morePages: true };
    } catch (error) {
      this.failed(error);
      return { contacted, morePages: false };
    }
  }

  /** Fetches, checks and applies one page; true when head office has more. */
  private async pullPage(answered: () => void): Promise<boolean> {
    const current = this.ctx.sync.state().configVersion;
    const cursor = this.cursor ?? { since: current, after: null };
    const page = await this.headOffice.pullConfig(cursor.since, { after: cursor.after, limit: this.options.pullPageSize });
    answered();
    assertPageMovesOn(current, cursor.after, page);
    let result: PullResult;
    try {
      result = applyConfigDelta(this.ctx, page);
    } catch (error) {
      if (error instanceof InvalidConfigError) throw new InvalidConfigError(`head office config v${page.version} refused: ${error.message}`);
      throw error;
    }
    this.lastError = null;
    this.failures = 0;
    this.announce(page, result);
    this.cursor = page.next === null ? null : { since: cursor.since, after: page.next };
    return page.next !== null;
  }

  private announce(page: ConfigDelta, result: PullResult): void {
    const { core } = this.ctx;
    const keptAsSite = new Set(result.conflicts.filter((c) => c.type === 'access').map((c) => c.id));
    for (const change of page.access) if (!keptAsSite.has(`${change.kind} ${change.id}`)) core.bus.emit('access.changed', { kind: change.kind, id: change.id, origin: 'headoffice' });
    if (result.applied > 0 || result.conflicts.length > 0) {
      core.bus.log({ at: core.now(), kind: 'sync', text: `head office config v${result.version}: ${result.applied} applied, ${result.conflicts.length} kept as the site's`, sessionId: null });
    }
  }

  private failed(error: unknown): void {
    const { core } = this.ctx;
    const refused = error instanceof InvalidConfigError;
    const reason = error instanceof HeadOfficeError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
    const message = refused ? reason : `config pull failed: ${reason}`;
    this.failures++;
    if (error instanceof HeadOfficeError || refused) core.log.warn({ failures: this.failures }, message);
    else core.log.error({ err: error }, 'config pull failed');
    this.lastError = message.slice(0, 500);
    core.bus.log({ at: core.now(), kind: 'sync', text: message.slice(0, 300), sessionId: null });
    // Head office refused the request itself (a cursor it no longer knows?): the next pull starts from the version.
    if (error instanceof HeadOfficeError && error.code === 'rejected') this.cursor = null;
    // A refused publication waits for head office to fix it; a failed exchange is tried again soon, then less often.
    const retryIn = refused ? this.options.pullEveryMs : Math.min(this.options.pullEveryMs, backoffDelay(this.failures, this.options.backoff, this.options.random));
    this.nextPullAt = core.now() + retryIn;
  }
}
