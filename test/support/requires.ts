/**
 * The one rule for tests that need something outside Node (a tool, the shared photos, a vendor's test account):
 * what `.ci/run` installs or the repository ships (../shared beside every CI checkout, models/) must be there under
 * CI=true, so a missing one FAILS there; only a vendor's own test mode, which needs credentials, may skip. A skip
 * carries its reason in its title (`[skipped: ...]`), which the summary line counts (summary-reporter.ts).
 */
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

export type RequirementKind =
  /** The repository or the folder beside every CI checkout holds it (../shared/alpr, models/). */
  | 'shipped'
  /** `.ci/run` installs it (socat, ffmpeg, GStreamer's RTSP server), or CI is set up for it (root for a tmpfs). */
  | 'installed'
  /** A vendor's own test mode, which needs the team's credentials (Stripe, Twilio): may skip, even in CI. */
  | 'vendor';

export interface Requirement {
  readonly kind: RequirementKind;
  /** Why it is missing here, in words the engineer can act on; null when it is there. */
  readonly missing: string | null;
}

export const requirement = (kind: RequirementKind, whyMissing: () => string | null): Requirement => ({ kind, missing: whyMissing() });

/** A file or folder the repository or ../shared provides. */
export const shippedFile = (path: string, what: string): Requirement =>
  requirement('shipped', () => (existsSync(path) ? null : `${what} not found at ${path}`));

export const SKIP_MARK = '[skipped: ';

const underCi = () => process.env['CI'] === 'true';

/** Why tests needing these cannot run: the first missing one, and whether CI may skip for it. */
function verdict(requirements: readonly Requirement[]): { reason: string; mustFail: boolean } | null {
  const missing = requirements.filter((r) => r.missing !== null);
  if (missing.length === 0) return null;
  return { reason: missing.map((r) => r.missing).join('; '), mustFail: underCi() && missing.some((r) => r.kind !== 'vendor') };
}

type TestFn = (title: string, body: () => unknown, timeout?: number) => void;
type SuiteFn = (title: string, body: () => void) => void;

/**
 * `it` and `describe` for tests that need these: the real ones when all are there; else a skip whose title says
 * why, or, under CI for what CI must have, one failing test that says what is missing.
 */
export function ifAvailable(...requirements: Requirement[]): { it: TestFn; describe: SuiteFn } {
  const outcome = verdict(requirements);
  if (outcome === null) return { it: (title, body, timeout) => it(title, body, timeout), describe: (title, body) => describe(title, body) };
  const fail = (title: string) => it(`${title}: needs what CI provides`, () => {
    throw new Error(`CI=true and this test cannot run: ${outcome.reason} (.ci/run installs it or the checkout ships it)`);
  });
  if (outcome.mustFail) return { it: (title) => fail(title), describe: (title) => describe(title, () => fail('setup')) };
  const skipped = (title: string) => `${title} ${SKIP_MARK}${outcome.reason}]`;
  return { it: (title, body) => it.skip(skipped(title), body), describe: (title, body) => describe.skip(skipped(title), body) };
}
