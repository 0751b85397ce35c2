import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDemoDrivers } from '../../electron/kiosk/bookings/site-drivers';
import { DEMO_SITE_FILE } from '../../electron/kiosk/kiosk';

/** The demo site with the demo world's regular drivers and their bookings, as the live demo sets itself up. */
export function demoSiteWithDrivers(dir: string): string {
  const file = join(dir, 'site-with-drivers.json');
  const site = JSON.parse(readFileSync(DEMO_SITE_FILE(), 'utf8')) as Record<string, unknown>;
  writeFileSync(file, JSON.stringify({ ...site, drivers: readDemoDrivers() }));
  return file;
}
