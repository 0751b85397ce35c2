/**
 * Builds the payment service for createKiosk: its card readers (config, else the devices table; a site without
 * readers offers no card payment, and the simulator runs only where a site names it, as the demo site does), its
 * receipt printers (the printers table) and head office's pay-link settings.
 */
import { join } from 'node:path';
import type { Core } from '../core';
import type { DeviceRegistry } from '../devices';
import type { SessionService } from '../sessions/session-service';
import { StripeCheckout } from '../../../native/terminal';
import { readPrivate, writePrivate } from '../sync/token-store';
import { DEFAULT_PAYMENT_OPTIONS, PaymentService, type PaymentOptions } from './payment-service';
import { invalid, invalidFields } from '../errors';
import type { ReaderSettings } from '../lanes/settings-service';
import { buildPrinters } from './printers';
import { buildTerminal, checkTerminalConfig, TerminalConfigError, TerminalRegistry, terminalSpecsFromDevices, type TerminalSpec } from './terminals';

export interface PaymentsConfig extends Partial<PaymentOptions> {
  /** The card readers; when absent, the devices table's terminals (none: card payment is unavailable). */
  terminals?: readonly TerminalSpec[];
}

export const payLinkSecretFile = (dataDir: string): string => join(dataDir, 'pay-link.secret');

/**
 * Head office's link-signing secret for this site. Given in the config (provisioning, as the site token is), it is
 * kept in a 0600 file beside the database and read from there on later starts; never logged. Null until installed.
 */
function payLinkSecret(dataDir: string, provided: string | null | undefined): string | null {
  const file = payLinkSecretFile(dataDir);
  if (provided) writePrivate(file, `${provided}\n`);
  return readPrivate(file)?.toString('utf8').trim() || null;
}

export function createPaymentService(core: Core, sessions: SessionService, devices: DeviceRegistry, dataDir: string, config: PaymentsConfig = {}): PaymentService {
  const { terminals: specs, qrSecret, payPageUrl, checkout, ...options } = config;
  const readers = specs?.map((spec) => ({ id: spec.id, laneId: spec.laneId ?? null, spec: () => spec })) ?? terminalSpecsFromDevices(core.store.db);
  const entries = readers.flatMap((reader) => {
    try {
      return [buildTerminal(reader.spec())];
    } catch (error) {
      // A reader with a bad config is shown as a faulty device; the kiosk (cash, wallets, lanes) still starts.
      core.log.error({ err: error, terminal: reader.id }, 'card reader not started');
      devices.register({ id: reader.id, kind: 'terminal', laneId: reader.laneId })({ healthy: false, detail: `bad config: ${(error as Error).message.slice(0, 200)}` });
      return [];
    }
  });
  const terminals = new TerminalRegistry(entries, (device) => devices.register(device));
  const printers = buildPrinters(core.store.printers.all(), devices, (id, error) => core.log.error({ err: error, printer: id }, 'receipt printer not started'));
  return new PaymentService(core, sessions, terminals, printers, { ...DEFAULT_PAYMENT_OPTIONS, ...options, payPageUrl: payPageUrl ?? null, qrSecret: payLinkSecret(dataDir, qrSecret), checkout: checkout ?? null });
}

/** The settings screen's card readers: checked as they would be built (a Stripe reader needs its key), then swapped in. */
export function readerSettings(payments: PaymentService): ReaderSettings {
  const build = (id: string, config: unknown) => buildTerminal(checkTerminalConfig(id, config));
  return {
    check(id, config) {
      try {
        build(id, config);
      } catch (error) {
        // A field the schema refuses is named by its path in the call's input, so the reader's form shows it beside the field.
        if (error instanceof TerminalConfigError) throw invalidFields(error.message, error.fields.map((f) => ({ path: f.path ? `device.config.${f.path}` : 'device.config', message: f.message })));
        throw invalid((error as Error).message);
      }
    },
    apply: (id, config) => payments.terminals.replace(build(id, config)),
  };
}

/**
 * QR pay as the shells take it. Stripe Checkout when `--qr-checkout stripe` or LOTKEEPER_QR_CHECKOUT=stripe (the
 * site's Stripe secret key from STRIPE_SECRET_KEY); else head office's signed links: the pay page from `--pay-page`
 * or LOTKEEPER_PAY_PAGE, the site's secret from LOTKEEPER_PAY_LINK_SECRET (needed on one start only: it is then
 * kept in <data>/pay-link.secret).
 */
export function payLinkSettings(env: NodeJS.ProcessEnv, payPage?: string, qrCheckout?: string): Pick<PaymentsConfig, 'payPageUrl' | 'qrSecret' | 'checkout'> {
  const links = { payPageUrl: payPage ?? (env['LOTKEEPER_PAY_PAGE'] || undefined), qrSecret: env['LOTKEEPER_PAY_LINK_SECRET'] || undefined };
  const provider = qrCheckout ?? (env['LOTKEEPER_QR_CHECKOUT'] || undefined);
  if (provider === undefined) return links;
  if (provider !== 'stripe') throw invalid(`QR checkout "${provider}" is not one we know: the only one is "stripe"`);
  const secretKey = env['STRIPE_SECRET_KEY'];
  if (!secretKey || !/^(sk|rk)_(test|live)_[A-Za-z0-9]{8,}$/.test(secretKey)) throw invalid('QR pay through Stripe Checkout needs the site\'s Stripe secret key in STRIPE_SECRET_KEY (sk_live_... or a restricted rk_live_... key)');
  return { ...links, checkout: new StripeCheckout({ secretKey }) };
}
