import { HeadOfficeError } from '../../../native/headoffice';
import type { syncCalls } from '../contract/sync';
import type { HandlersFor, Services } from '../handlers';
import { conflict, notFound } from '../errors';

/** The console's sync and SMS calls (contract/sync.ts). */
export function syncHandlers(services: Services): HandlersFor<typeof syncCalls> {
  const { sync, notify, core } = services;
  return {
    'sync.status': () => sync.status(),
    'sync.now': () => sync.syncNow(),
    'sync.reconcile': async () => {
      try {
        return { reconciliation: await sync.reconcileNow() };
      } catch (error) {
        // Head office unreachable or the site not caught up: a reason for the supervisor, not an internal error.
        if (error instanceof HeadOfficeError) throw conflict(`the nightly check could not run: ${error.message}`);
        throw error;
      }
    },
    'sync.report': () => sync.history(),
    'sms.list': (input) => ({ messages: notify.recent(input.limit) }),
    'sms.sendReceipt': (input, actor) => {
      const session = core.store.sessions.get(input.sessionId);
      if (!session) throw notFound(`session ${input.sessionId}`);
      return { message: notify.queueReceipt(session, input.to, actor) };
    },
    'sms.remindStayEnd': (input, actor) => {
      const session = core.store.sessions.get(input.sessionId);
      if (!session) throw notFound(`session ${input.sessionId}`);
      return { message: notify.queueStayEnding(session, input.to, input.endsAt, input.leadMinutes, actor) };
    },
    'sms.optIn': (input, actor) => {
      notify.optIn(input.number, actor);
      return { ok: true };
    },
  };
}
