/** Builds the payment service for createKiosk: its card readers (config, else the devices table, else the demo's simulator) and its secret. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../core';
import type { DeviceRegistry } from '../devices';
import type { SessionService } from '../sessions/session-service';
import { DEFAULT_PAYMENT_OPTIONS, PaymentService, type PaymentOptions } from './payment-service';
import { invalid } from '../errors';
import type { ReaderSettings } from '../lanes/settings-service';
import { buildTerminal, checkTerminalConfig, DEMO_TERMINAL, TerminalRegistry, terminalSpecsFromDevices, type TerminalSpec } from './terminals';

export interface PaymentsConfig extends Partial<PaymentOptions> {
  /** The card readers; when absent, the devices table's terminals, else one simulated reader at the booth. */
  terminals?: readonly TerminalSpec[];
}

/** The pay-link secret shared with head office: from config, else kept beside the database (created once, owner-only). */
function qrSecret(dataDir: string): string {
  const file = join(dataDir, 'pay-link.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return readFileSync(file, 'utf8').trim();
}

export function createPaymentService(core: Core, sessions: SessionService, devices: DeviceRegistry, dataDir: string, config: PaymentsConfig = {}): PaymentService {
  const { terminals: specs, ...options } = config;
  const fromDevices = specs ?? terminalSpecsFromDevices(core.store.db);
  const entries = (fromDevices.length > 0 ? fromDevices : [DEMO_TERMINAL]).flatMap((spec) => {
    try {
      return [buildTerminal(spec)];
    } catch (error) {
      // A reader with a bad config is shown as a faulty device; the kiosk (cash, wallets, lanes) still starts.
      core.log.error({ err: error, terminal: spec.id }, 'card reader not started');
      devices.register({ id: String(spec.id), kind: 'terminal', laneId: spec.laneId ?? null })({ healthy: false, detail: `bad config: ${(error as Error).message.slice(0, 200)}` });
      return [];
    }
  });
  const terminals = new TerminalRegistry(entries, (device) => devices.register(device));
  return new PaymentService(core, sessions, terminals, { ...DEFAULT_PAYMENT_OPTIONS, qrSecret: options.qrSecret ?? qrSecret(dataDir), ...options });
}

/** The settings screen's card readers: checked as they would be built (a Stripe reader needs its key), then swapped in. */
export function readerSettings(payments: PaymentService): ReaderSettings {
  const build = (id: string, config: unknown) => buildTerminal(checkTerminalConfig(id, config));
  return {
    check(id, config) {
      try {
        build(id, config);
      } catch (error) {
        throw invalid((error as Error).message);
      }
    },
    apply: (id, config) => payments.terminals.replace(build(id, config)),
  };
}
