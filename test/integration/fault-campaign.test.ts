/**
 * The fault campaign, short (the full one: `npm run bench -- faults`): vehicles through the lanes with cash and card
 * payments and sync running, the kiosk killed with SIGKILL at random moments, head office unreachable for a while.
 * Nothing the kiosk said it had done is lost or doubled, and head office ends up with every change exactly once.
 */
import { describe, expect, it } from 'vitest';
import { runCampaign } from '../../bench/lib/fault-campaign';

describe('fault campaign (short)', () => {
  it('loses and doubles nothing across kill -9 at random moments and a head-office outage', async () => {
    // A kill 0.3-0.9 s into each life: card payments wait on the reader's polling, so a life outlasts that.
    const figures = await runCampaign({ vehicles: 60, maxKills: 3, killEveryMs: 600, seed: 1 });
    expect(figures.kills).toBeGreaterThanOrEqual(2);
    expect(figures).toMatchObject({
      vehicles_in: 60,
      vehicles_inside: 6,
      vehicles_out: 54,
      sessions_lost: 0,
      sessions_duplicated: 0,
      payments_lost: 0,
      payments_doubled: 0,
      card_charges_without_payment: 0,
      pulses_without_decision: 0,
      integrity_check: 'ok',
      audit_verify: true,
      head_office_missing: 0,
      head_office_duplicated: 0,
    });
    expect(figures.payments_acked).toBeGreaterThan(0);
  }, 240_000);
});
