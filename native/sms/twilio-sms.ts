/**
 * SMS through Twilio's Messages API with the real `twilio` SDK. Every answer is checked with zod before it is
 * believed; every Twilio error becomes an SmsError with Twilio's code (21610 = the number opted out). Timeouts are
 * short: the notify worker retries, and a send whose answer was lost is looked up (findSent) before any retry.
 * `relayUrl` lets tests (and a site's local relay) point the SDK elsewhere: see redirectingRequestClient.
 */
import type twilio from 'twilio';
import { z } from 'zod';
import { redirectingRequestClient } from './redirecting-request-client';
import { twilioSdk } from './twilio-sdk';
import { deliveryState, SmsError, type SmsGateway, type SmsReceipt } from './sms-gateway';

export const twilioSettingsSchema = z
  .strictObject({
    accountSid: z.string().regex(/^AC[0-9a-f]{32}$/, 'a Twilio account SID is AC followed by 32 hex digits'),
    authToken: z.string().regex(/^[0-9a-zA-Z]{16,64}$/, 'a Twilio auth token is 16-64 letters and digits'),
    /** The sender: a Twilio number in E.164, or a messaging service SID (MG...). */
    from: z.string().regex(/^(\+[1-9]\d{6,14}|MG[0-9a-f]{32})$/, 'the sender is an E.164 number or a messaging service SID'),
    timeoutMs: z.int().min(500).max(60_000).default(10_000),
  });
export type TwilioSettings = z.input<typeof twilioSettingsSchema>;

const messageSchema = z.looseObject({
  sid: z.string().regex(/^(SM|MM)[0-9a-f]{32}$/),
  to: z.string(),
  body: z.string().nullable(),
  status: z.string().min(1).max(32),
  errorCode: z.int().nullable(),
  dateCreated: z.date().nullable(),
});

export class TwilioSms implements SmsGateway {
  private readonly settings: z.output<typeof twilioSettingsSchema>;
  private readonly from: string;
  private sdkClient: twilio.Twilio | null = null;

  /** `relayUrl`: the SDK's requests go there instead (a site's outbound relay; the loopback Twilio in tests). */
  constructor(
    settings: TwilioSettings,
    private readonly relayUrl?: string,
  ) {
    this.settings = twilioSettingsSchema.parse(settings);
    this.from = this.settings.from;
  }

  /** The SDK's client, made (and the SDK loaded: twilio-sdk.ts) at the first call. */
  private get client(): twilio.Twilio {
    if (this.sdkClient) return this.sdkClient;
    const sdk = twilioSdk();
    const { accountSid, authToken, timeoutMs } = this.settings;
    const httpClient = this.relayUrl ? redirectingRequestClient(this.relayUrl, { timeout: timeoutMs }) : new sdk.RequestClient({ timeout: timeoutMs, keepAlive: true });
    return (this.sdkClient = sdk(accountSid, authToken, { httpClient, autoRetry: false }));
  }

  async send(message: { to: string; body: string }): Promise<SmsReceipt> {
    const sender = this.from.startsWith('MG') ? { messagingServiceSid: this.from } : { from: this.from };
    return receipt(await this.call(() => this.client.messages.create({ to: message.to, body: message.body, ...sender })));
  }

  async fetch(sid: string): Promise<SmsReceipt> {
    return receipt(await this.call(() => this.client.messages(sid).fetch()));
  }

  async findSent(to: string, body: string, since: number): Promise<SmsReceipt | null> {
    // Twilio filters by sent date; a minute of slack covers the two clocks, the body check does the rest.
    const found = await this.call(() => this.client.messages.list({ to, dateSentAfter: new Date(since - 60_000), limit: 100 }));
    const parsed = found.map(parseMessage);
    const match = parsed.find((m) => m.body === body && (m.dateCreated === null || m.dateCreated.getTime() >= since - 60_000));
    return match ? toReceipt(match) : null;
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw smsErrorFrom(error);
    }
  }
}

type ParsedMessage = z.output<typeof messageSchema>;

function parseMessage(raw: unknown): ParsedMessage {
  const parsed = messageSchema.safeParse(raw);
  if (!parsed.success) throw new SmsError('invalid_response', `Twilio's message is not as documented: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

const toReceipt = (m: ParsedMessage): SmsReceipt => ({ sid: m.sid, state: deliveryState(m.status), status: m.status, errorCode: m.errorCode });
const receipt = (raw: unknown): SmsReceipt => toReceipt(parseMessage(raw));

const INVALID_NUMBER = new Set([21211, 21214, 21217, 21401, 21407, 21408, 21612, 21614]);

/** Twilio's answer (HTTP status + Twilio error code) in our terms. */
export function smsErrorFromTwilio(status: number, code: number | null, message: string): SmsError {
  if (code === 21610) return new SmsError('opted_out', `the number opted out (STOP): ${message}`, code);
  if (code !== null && INVALID_NUMBER.has(code)) return new SmsError('invalid_number', message, code);
  if (status === 401 || status === 403) return new SmsError('auth', `Twilio refused the credentials: ${message}`, code);
  if (status === 429 || code === 20429) return new SmsError('rate_limited', message, code);
  if (status >= 500) return new SmsError('server_error', message, code);
  return new SmsError('rejected', message, code);
}

function smsErrorFrom(error: unknown): SmsError {
  if (error instanceof SmsError) return error;
  if (error instanceof twilioSdk().RestException) return smsErrorFromTwilio(error.status, error.code ?? null, error.message);
  const code = (error as { code?: string }).code;
  return new SmsError('unreachable', `Twilio unreachable: ${code ?? (error instanceof Error ? error.message : String(error))}`, null, { cause: error });
}
