import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';

/**
 * The SDK's own HTTP client, with every request's protocol, host and port replaced by `target`'s (path and query
 * kept): the real `twilio` SDK then talks to the loopback Twilio in tests, or to a site's outbound relay.
 */
export class RedirectingRequestClient extends twilio.RequestClient {
  private readonly target: URL;

  constructor(target: string, options: { timeout?: number } = {}) {
    super({ timeout: options.timeout ?? 10_000, keepAlive: true });
    this.target = new URL(target);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = new URL(opts.uri);
    uri.protocol = this.target.protocol;
    uri.host = this.target.host;
    return super.request<TData>({ ...opts, uri: uri.toString() });
  }
}
