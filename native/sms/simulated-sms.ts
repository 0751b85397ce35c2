/**
 * SMS without a carrier: the demo site and core tests. Same semantics as the loopback Twilio (carrier.ts), and it
 * passes the same contract test as TwilioSms; `setOffline(true)` makes the carrier unreachable.
 */
import { CarrierError, SmsCarrier, type CarrierMessage } from './carrier';
import { deliveryState, SmsError, type SmsGateway, type SmsReceipt } from './sms-gateway';
import { smsErrorFromTwilio } from './twilio-sms';

export class SimulatedSms implements SmsGateway {
  private offline = false;

  constructor(readonly carrier = new SmsCarrier(), private readonly from = '+15005550006') {}

  setOffline(offline: boolean): void {
    this.offline = offline;
  }

  async send(message: { to: string; body: string }): Promise<SmsReceipt> {
    return receipt(this.call(() => this.carrier.create(message.to, this.from, message.body)));
  }

  async fetch(sid: string): Promise<SmsReceipt> {
    return receipt(this.call(() => this.carrier.fetch(sid)));
  }

  async findSent(to: string, body: string, since: number): Promise<SmsReceipt | null> {
    const found = this.call(() => this.carrier.list(to, since)).find((m) => m.body === body);
    return found ? receipt(found) : null;
  }

  private call<T>(work: () => T): T {
    if (this.offline) throw new SmsError('unreachable', 'the SMS carrier is unreachable (simulated)');
    try {
      return work();
    } catch (error) {
      if (error instanceof CarrierError) throw smsErrorFromTwilio(error.status, error.code, error.message);
      throw error;
    }
  }
}

const receipt = (m: CarrierMessage): SmsReceipt => ({ sid: m.sid, state: deliveryState(m.status), status: m.status, errorCode: m.errorCode });
