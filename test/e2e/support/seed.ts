import WebSocket from 'ws';
import { DEMO } from './harness';

/** A minimal client of the bridge for test set-up: the same frames the console sends. */
export async function bridgeClient(url: string): Promise<{ call(name: string, input: unknown): Promise<unknown>; close(): void }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let next = 1;
  const pending = new Map<number, (r: { ok: boolean; value?: unknown; error?: { message: string } }) => void>();
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { type: string; id?: number; result?: { ok: boolean; value?: unknown; error?: { message: string } } };
    if (frame.type === 'result' && frame.id !== undefined) pending.get(frame.id)?.(frame.result!);
  });
  return {
    call(name, input) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, (r) => (r.ok ? resolve(r.value) : reject(new Error(`${name}: ${r.error?.message}`))));
        ws.send(JSON.stringify({ id, call: name, input }));
      });
    },
    close: () => ws.close(),
  };
}

/**
 * Gives every vehicle class a simple rate table if the site has none for it, so exits have a price. (The demo
 * site may ship its own tables; then nothing is added.)
 */
export async function ensureRateTables(url: string): Promise<void> {
  const c = await bridgeClient(url);
  try {
    await c.call('auth.login', { username: DEMO.supervisor.username, secret: DEMO.supervisor.secret });
    const layout = (await c.call('site.layout', {})) as { site: { currency: string }; vehicleClasses: { id: string; name: string }[] };
    const { tables } = (await c.call('tariffs.list', {})) as { tables: { vehicleClass: string }[] };
    for (const vc of layout.vehicleClasses) {
      if (tables.some((t) => t.vehicleClass === vc.id)) continue;
      const table = {
        id: `${vc.id}-standard`,
        name: `${vc.name} standard`,
        vehicleClass: vc.id,
        version: 1,
        effectiveFrom: Date.UTC(2020, 0, 1),
        effectiveTo: null,
        currency: layout.site.currency,
        freeMinutes: 0,
        firstPeriod: { minutes: 60, priceMinor: 250 },
        furtherPeriod: { minutes: 30, priceMinor: 120 },
        tiers: [],
        dailyMaxMinor: 1800,
        dailyMaxMode: 'rolling24h',
        bands: [],
        earlyBirds: [],
        events: [],
        lostTicketMinor: 3000,
        graceMinutes: 10,
      };
      await c.call('tariffs.save', { table, reason: 'e2e set-up' });
    }
  } finally {
    c.close();
  }
}
