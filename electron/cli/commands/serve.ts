import { z } from 'zod';
import { headOfficeConfigSchema, type HeadOfficeConfig } from '../../kiosk/sync/config';
import { CliError, dataDirOption, type Command } from '../command';
import { SMS_OPTIONS, smsOption } from '../sms-options';

export const serveCommand: Command = {
  usage: 'serve [--port 5170] [--site-file site.json] [--head-office URL [--head-office-pin SHA256]] [--pay-page URL | --qr-checkout stripe] [--twilio-account-sid AC... --twilio-from NUMBER|MG...] [--data-dir DIR]',
  options: {
    port: { type: 'string', description: 'loopback port for the console (0 picks a free one; default 5170)' },
    'site-file': { type: 'string', description: 'site to set up on first start (default: the built-in demo site)' },
    'head-office': { type: 'string', description: 'head office URL (https); the site token is read once from LOTKEEPER_SITE_TOKEN, then kept in <data>/headoffice.token (0600)' },
    'head-office-pin': { type: 'string', description: "sha256 fingerprint of head office's certificate, to pin it" },
    'pay-page': { type: 'string', description: "head office's pay page for QR links (https); its secret is read once from LOTKEEPER_PAY_LINK_SECRET, then kept in <data>/pay-link.secret (0600)" },
    'qr-checkout': { type: 'string', description: 'QR pay through Stripe Checkout: "stripe" (the site\'s secret key from STRIPE_SECRET_KEY); or LOTKEEPER_QR_CHECKOUT=stripe' },
    'demo-history-days': { type: 'string', description: 'days of generated past the demo site starts with on its first start (default 90; 0 for none)' },
    ...SMS_OPTIONS,
  },
  async run({ values, out }) {
    const port = Number(values['port'] ?? 5170);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError(`--port must be 0-65535, got "${String(values['port'])}"`, 2);
    const dataDir = dataDirOption(values);
    const demoHistoryDays = Number(values['demo-history-days'] ?? 90);
    if (!Number.isInteger(demoHistoryDays) || demoHistoryDays < 0 || demoHistoryDays > 730) throw new CliError(`--demo-history-days must be 0-730, got "${String(values['demo-history-days'])}"`, 2);
    // Loaded here, not with the module: `serve --help` and a misuse answer without loading the whole kiosk.
    const [{ startHeadless }, { payLinkSettings }] = await Promise.all([import('../../kiosk/serve'), import('../../kiosk/payments/setup')]);
    const headless = await startHeadless({ dataDir, port, demoHistoryDays, siteFile: values['site-file'] as string | undefined, headOffice: headOfficeOption(values), payments: payLinkSettings(process.env, values['pay-page'] as string | undefined, values['qr-checkout'] as string | undefined), sms: smsOption(values, dataDir) });
    out.line(`Lotkeeper console: ${headless.url}/  (data: ${dataDir}; Ctrl+C stops)`);
    await new Promise<void>((resolve) => {
      const stop = () => void headless.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  },
};

/** --head-office and its pin, checked here so a typo is a one-line reason, not a stack trace. Without it: offline. */
function headOfficeOption(values: Record<string, unknown>): HeadOfficeConfig | undefined {
  if (values['head-office'] === undefined) return undefined;
  const parsed = headOfficeConfigSchema.safeParse({
    url: values['head-office'],
    token: process.env['LOTKEEPER_SITE_TOKEN'] || undefined,
    pinnedSha256: values['head-office-pin'] ?? null,
  });
  if (!parsed.success) throw new CliError(`--head-office: ${z.prettifyError(parsed.error).replace(/\s+/g, ' ')}`, 2);
  return parsed.data;
}
