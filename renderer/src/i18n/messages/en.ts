/**
 * English, the reference catalogue: every key the console shows, split by area (en/*.ts). Another language copies
 * these files with the same keys. `{name}` is a parameter; an object is a plural chosen on `count`.
 */
import { audit } from './en/audit';
import { bookings } from './en/bookings';
import { core } from './en/core';
import { devices } from './en/devices';
import { drivers } from './en/drivers';
import { lanes } from './en/lanes';
import { lot } from './en/lot';
import { office } from './en/office';
import { payments } from './en/payments';
import { reports } from './en/reports';
import { settings } from './en/settings';
import { sync } from './en/sync';
import { tariffs } from './en/tariffs';

export const en = { ...audit, ...bookings, ...core, ...devices, ...drivers, ...lanes, ...lot, ...office, ...payments, ...reports, ...settings, ...sync, ...tariffs } as const;
