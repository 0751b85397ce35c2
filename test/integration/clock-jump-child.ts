/**
 * A kiosk in its own process for disk-full.test.ts (run from its esbuild bundle, test/support/crash-child.ts): on the
 * small disk mounted at <dataDir>, it opens a stay, fills the disk, sees the wall clock jump two hours forward (its
 * audit row can only wait in memory) and kills itself with SIGKILL, as a watchdog or a power cut would.
 *   clock-jump-child.ts <dataDir>
 * The last stdout line, before the kill, is one JSON object: the stay and what waited in memory.
 */
import { createKiosk } from '../../electron/kiosk/kiosk';
import { fillerOf, fillUp } from '../support/tmpfs';

const JUMP_MS = 2 * 3_600_000;

const [dataDir] = process.argv.slice(2);
let jump = 0;
const kiosk = await createKiosk({ dataDir: dataDir!, logToFile: false, devices: 'none', clock: () => Date.now() + jump, monotonic: () => Date.now() });
const { services, store } = kiosk;
const anna = store.db.prepare("SELECT id, username, role FROM users WHERE username = 'anna'").get() as { id: number; username: string; role: 'attendant' };
const session = services.sessions.open({ plateRaw: 'K1LLJMP', plateConfidence: null, plateImage: null, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', spaceType: 'regular', manualReason: 'clock jump test' }, anna);
// An empty WAL, then a full disk: the next commit needs blocks the filesystem cannot give.
store.db.pragma('wal_checkpoint(TRUNCATE)');
fillUp(fillerOf(dataDir!));
jump = JUMP_MS;
services.clock.check();
console.log(JSON.stringify({ sessionId: session.id, entryAt: session.entryAt, waiting: services.core.unrecorded.list().map((item) => item.what) }));
process.kill(process.pid, 'SIGKILL');
