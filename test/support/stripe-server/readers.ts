/**
 * Server-driven Terminal readers (https://docs.stripe.com/terminal/payments/collect-card-payment?terminal-sdk-platform=server-driven):
 * process_payment_intent puts an `action` on the reader (status in_progress); the card presented (in test mode, the
 * test helper present_payment_method) ends it succeeded or failed; cancel_action ends it failed.
 */
import { invalid, missing } from './errors';
import type { FormObject } from './form';
import type { Ledger } from './ledger';

export interface ReaderAction {
  type: 'process_payment_intent';
  status: 'in_progress' | 'succeeded' | 'failed';
  failure_code: string | null;
  failure_message: string | null;
  api_error: Record<string, unknown> | null;
  process_payment_intent: { payment_intent: string };
}
/**
 * What a reader can do wrong when handed a payment (https://docs.stripe.com/error-codes): terminal_reader_timeout
 * after the reader took the action or before it did (Stripe cannot tell which), terminal_reader_hardware_fault.
 */
export type ReaderFault = 'timeout_after_taking' | 'timeout_before_taking' | 'hardware_fault';

export interface Reader {
  id: string;
  label: string;
  status: 'online' | 'offline';
  action: ReaderAction | null;
  /** Not part of Stripe's object: the next process_payment_intent fails this way (then it is cleared). */
  fault: ReaderFault | null;
}

/** Stripe's card_present test numbers (https://docs.stripe.com/terminal/references/testing#standard-test-cards). */
const DECLINES: Record<string, { code: string; decline_code: string; message: string }> = {
  '4000000000000002': { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  '4000000000009995': { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  '4000000000009987': { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.' },
  '4000000000009979': { code: 'card_declined', decline_code: 'stolen_card', message: 'Your card was declined.' },
  '4000000000000069': { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' },
};

const readerTimeout = () => invalid('There was a timeout when communicating with the reader. Check its network connection and retry.', { code: 'terminal_reader_timeout' });

const brandOf = (number: string): string => (number.startsWith('4') ? 'visa' : /^5[1-5]|^2[2-7]/.test(number) ? 'mastercard' : /^3[47]/.test(number) ? 'amex' : 'unknown');

export class Readers {
  readonly byId = new Map<string, Reader>();

  constructor(
    ids: string[],
    private readonly ledger: Ledger,
  ) {
    for (const id of ids) this.byId.set(id, { id, label: `Loopback ${id}`, status: 'online', action: null, fault: null });
  }

  reader(id: string): Reader {
    const reader = this.byId.get(id);
    if (!reader) throw missing('terminal.reader', id, 'reader');
    return reader;
  }

  process(id: string, params: FormObject): Reader {
    const reader = this.reader(id);
    const piId = params['payment_intent'];
    if (typeof piId !== 'string') throw invalid('Missing required param: payment_intent.', { code: 'parameter_missing', param: 'payment_intent' });
    const pi = this.ledger.intent(piId);
    if (reader.status === 'offline') throw invalid('Reader is currently offline, please ensure the reader is powered on and connected to the internet before retrying your request.', { code: 'terminal_reader_offline' });
    if (reader.action?.status === 'in_progress') throw invalid('Reader is currently busy processing another request, please retry after a few seconds.', { code: 'terminal_reader_busy' });
    if (pi.status !== 'requires_payment_method') {
      throw invalid(`This PaymentIntent's status is ${pi.status}, but it must be requires_payment_method to be processed.`, { code: 'payment_intent_unexpected_state', param: 'payment_intent' });
    }
    if (!pi.paymentMethodTypes.includes('card_present')) throw invalid('The PaymentIntent does not accept card_present payments.', { param: 'payment_intent' });
    const fault = reader.fault;
    reader.fault = null;
    if (fault === 'hardware_fault') throw invalid('The reader encountered a hardware fault. Restart the reader and try again.', { code: 'terminal_reader_hardware_fault' });
    if (fault === 'timeout_before_taking') throw readerTimeout();
    reader.action = { type: 'process_payment_intent', status: 'in_progress', failure_code: null, failure_message: null, api_error: null, process_payment_intent: { payment_intent: pi.id } };
    if (fault === 'timeout_after_taking') throw readerTimeout();
    return reader;
  }

  cancelAction(id: string): Reader {
    const reader = this.reader(id);
    if (reader.action?.status !== 'in_progress') throw invalid('This reader has no in-progress action to cancel.', { code: 'terminal_reader_action_not_in_progress' });
    this.fail(reader, 'canceled', 'Transaction was canceled.', null);
    return reader;
  }

  /** Test helper: the customer taps/inserts a card. Only in test mode, only while an action waits for a card. */
  present(id: string, params: FormObject): Reader {
    const reader = this.reader(id);
    const action = reader.action;
    if (action?.status !== 'in_progress') throw invalid('This reader has no in-progress action that can accept a payment method.', { code: 'terminal_reader_action_not_in_progress' });
    const card = params['card_present'];
    const number = (typeof card === 'object' && !Array.isArray(card) && typeof card['number'] === 'string' ? card['number'] : undefined) ?? '4242424242424242';
    const pi = this.ledger.intent(action.process_payment_intent.payment_intent);
    const decline = DECLINES[number];
    if (decline) {
      const error = this.ledger.decline(pi, brandOf(number), number.slice(-4), decline);
      this.fail(reader, decline.code, decline.message, error);
    } else {
      this.ledger.authorise(pi, brandOf(number), number.slice(-4));
      action.status = 'succeeded';
    }
    return reader;
  }

  /** A PaymentIntent cancelled while its reader still waits for a card ends that action too. */
  intentCancelled(piId: string): void {
    for (const reader of this.byId.values()) {
      if (reader.action?.status === 'in_progress' && reader.action.process_payment_intent.payment_intent === piId) {
        this.fail(reader, 'canceled', 'The PaymentIntent was canceled.', null);
      }
    }
  }

  private fail(reader: Reader, code: string, message: string, apiError: Record<string, unknown> | null): void {
    if (!reader.action) return;
    reader.action = { ...reader.action, status: 'failed', failure_code: code, failure_message: message, api_error: apiError };
  }
}
