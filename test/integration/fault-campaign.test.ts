/**
 * The fault campaign, short (the full one: `npm run bench -- faults`): vehicles through the lanes with cash, card and
 * wallet payments and sync running, the kiosk killed with SIGKILL at random moments, head office unreachable for a
 * while, the relay board's serial cable pulled and put back, the disk filled and freed (a tmpfs: root, as CI runs),
 * the wall clock jumping two hours under some stays. Nothing the kiosk said it had done is lost or doubled, every
 * relay that moved had a recorded decision, money agrees, and head office ends up with every change exactly once.
 */
import { describe, expect } from 'vitest';
import { runCampaign } from '../../bench/lib/fault-campaign';
import { ifAvailable } from '../support/requires';
import { SMALL_DISK } from '../support/small-disk';

const VEHICLES = 20;

describe('fault campaign (short)', () => {
  ifAvailable(SMALL_DISK).it('loses and doubles nothing across kill -9, a head-office outage, a pulled relay cable, a full disk and clock jumps', async () => {
    // A kill 0.3-0.9 s into each life: card payments wait on the reader's polling, so a life outlasts that.
    const figures = await runCampaign({ vehicles: VEHICLES, maxKills: 2, killEveryMs: 600, relayUnplugs: 3, diskFills: true, seed: 1 });
    expect(figures.kills).toBeGreaterThanOrEqual(2);
    expect(figures).toMatchObject({
      vehicles_in: VEHICLES,
      vehicles_inside: VEHICLES / 10,
      vehicles_out: VEHICLES - VEHICLES / 10,
      sessions_lost: 0,
      sessions_duplicated: 0,
      payments_lost: 0,
      payments_doubled: 0,
      card_charges_without_payment: 0,
      wallet_disagreeing: 0,
      money_disagreeing: 0,
      stays_mispriced: 0,
      records_off_the_campaign_clock: 0,
      pulses_without_decision: 0,
      relays_left_on: 0,
      integrity_check: 'ok',
      audit_verify: true,
      head_office_missing: 0,
      head_office_duplicated: 0,
    });
    expect(figures.payments_acked).toBeGreaterThan(0);
    // Each hazard happened: the figures above held through them.
    expect(figures.wallet_payments).toBeGreaterThan(0);
    expect(figures.clock_jumps).toBeGreaterThan(0);
    expect(figures.relay_unplugs).toBeGreaterThan(0);
    expect(figures.pulses).toBeGreaterThanOrEqual(VEHICLES);
    expect(figures.disk_fills).toBeGreaterThan(0);
  }, 240_000);
});
