/**
 * `npm run bench -- faults`: the fault campaign (bench/lib/fault-campaign.ts). Parameters from the environment:
 * FAULTS_VEHICLES (default 10000), FAULTS_KILLS (default 200), FAULTS_KILL_EVERY_MS (default 3000),
 * FAULTS_RELAY_UNPLUGS (default 100), FAULTS_DISK_FILLS (1: fill the data folder's disk during every fifth life;
 * default 1 when run as root, which mounting the tmpfs needs), FAULTS_SEED.
 * Every count that ends in _lost, _doubled, _duplicated, _missing, _disagreeing, _mispriced or _without_* must be 0.
 */
import { runCampaign } from './lib/fault-campaign';
import { machine } from './lib/measure';

const figures = await runCampaign({
  vehicles: Number(process.env['FAULTS_VEHICLES'] ?? 10_000),
  maxKills: Number(process.env['FAULTS_KILLS'] ?? 200),
  killEveryMs: Number(process.env['FAULTS_KILL_EVERY_MS'] ?? 3_000),
  relayUnplugs: Number(process.env['FAULTS_RELAY_UNPLUGS'] ?? 100),
  diskFills: (process.env['FAULTS_DISK_FILLS'] ?? (process.getuid?.() === 0 ? '1' : '0')) === '1',
  seed: Number(process.env['FAULTS_SEED'] ?? 13),
  progress: (text) => process.stderr.write(`[bench faults] ${text}\n`),
});
console.log(JSON.stringify({ ...figures, machine: machine() }));
