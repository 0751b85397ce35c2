import type { KioskConnection } from '../../electron/kiosk/connection';
import type { CallName, CallResult } from '../../electron/kiosk/contract';

/** A call whose failure the test inspects, typed by its name. */
export const attempt = <N extends CallName>(connection: KioskConnection, name: N, input: unknown) => connection.call(name, input) as Promise<CallResult<N>>;

export interface CardInput {
  sessionId: number;
  terminalId: string;
  idempotencyKey: string;
  amountMinor: number;
  currency: string;
}

/**
 * Pays by card as the console does: payments.payCard answers once the reader shows the amount ('pending'); the
 * 'finished' progress event says the payment ended; payments.cardStatus says how.
 */
export async function payCardToEnd(connection: KioskConnection, input: CardInput): Promise<CallResult<'payments.cardStatus'>> {
  const finished = new Promise<void>((resolve) => {
    const off = connection.onEvent((name, payload) => {
      const p = payload as { idempotencyKey: string; step: string };
      if (name === 'payments.progress' && p.idempotencyKey === input.idempotencyKey && p.step === 'finished') {
        off();
        resolve();
      }
    });
  });
  const first = await attempt(connection, 'payments.payCard', input);
  if (!first.ok || first.value.outcome !== 'pending') return first;
  await finished;
  return attempt(connection, 'payments.cardStatus', { idempotencyKey: input.idempotencyKey });
}
