/** What the fault campaign (fault-campaign.ts) and its kiosk process (fault-kiosk.ts) agree on. */

export interface FaultKioskSetup {
  readonly dataDir: string;
  readonly vehicles: number;
  readonly headOffice: { url: string; token: string };
  readonly stripePort: number;
  /** The kiosk's end of the relay board's serial line. */
  readonly relayPort: string;
}

/** Vehicle i comes in at START + i minutes and leaves STAY_MS later (2 h 10 min, a stay that owes money). */
export const START = Date.UTC(2026, 10, 2, 8);
export const STAY_MS = 130 * 60_000;
/** The wall clock's jump under those stays, forward or back. */
export const JUMP_MS = 2 * 3_600_000;
/** Every JUMP_EVERY-th car (i % JUMP_EVERY === 3) sees the wall clock jump two hours between its entry and exit. */
export const JUMP_EVERY = 7;
/** The barrier relays: entry on channel 1, exit on channel 3 (as on the demo site's board). */
export const BARRIER_CHANNEL = { entry: 1, exit: 3 } as const;
