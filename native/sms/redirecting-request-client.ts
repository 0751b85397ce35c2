import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { twilioSdk } from './twilio-sdk';

type RedirectingClient = new (target: string, options: { timeout?: number }) => RequestClient;
let redirecting: RedirectingClient | null = null;

/**
 * The SDK's own HTTP client, with every request's protocol, host and port replaced by `target`'s (path and query
 * kept): the real `twilio` SDK then talks to the loopback Twilio in tests, or to a site's outbound relay. The class
 * extends the SDK's, so it is made once the SDK is loaded (twilio-sdk.ts).
 */
export function redirectingRequestClient(target: string, options: { timeout?: number } = {}): RequestClient {
  redirecting ??= class extends twilioSdk().RequestClient {
    private readonly target: URL;

    constructor(target: string, options: { timeout?: number }) {
      super({ timeout: options.timeout ?? 10_000, keepAlive: true });
      this.target = new URL(target);
    }

    override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
      const uri = new URL(opts.uri);
      uri.protocol = this.target.protocol;
      uri.host = this.target.host;
      return super.request<TData>({ ...opts, uri: uri.toString() });
    }
  };
  return new redirecting(target, options);
}
