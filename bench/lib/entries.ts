/** Child of bench/store: N durable lane entries on a fresh kiosk, run under strace to count fsyncs. */
import { createKiosk } from '../../electron/kiosk/kiosk';
import { randomPlate, seededRandom } from './plates';

const [dataDir, count] = process.argv.slice(2);
const kiosk = await createKiosk({ dataDir: dataDir!, logToFile: false, devices: 'none' });
const random = seededRandom(7);
for (let i = 0; i < Number(count); i++) {
  kiosk.services.sessions.open({ plateRaw: randomPlate(random), plateConfidence: 0.9, plateImage: null, laneId: 'in1', zoneId: 'ground', vehicleClass: 'car', spaceType: 'regular', manualReason: null }, null);
}
await kiosk.close();
