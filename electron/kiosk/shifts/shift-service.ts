import type { Shift } from '../contract';
import type { DrawerView } from '../contract/payments';
import { audit, type Actor, type Core } from '../core';
import { conflict, invalid } from '../errors';
import { countDrawer } from '../payments/pricing';
import { BookingCardsRepo } from '../store/booking-cards-repo';
import { PaymentsRepo } from '../store/payments-repo';

export class ShiftService {
  private readonly payments: PaymentsRepo;
  private readonly bookingCards: BookingCardsRepo;

  constructor(private readonly core: Core) {
    this.payments = new PaymentsRepo(core.store.db);
    this.bookingCards = new BookingCardsRepo(core.store.db);
  }

  current(actor: Actor): Shift | null {
    return this.core.store.shifts.openFor(actor.id) ?? null;
  }

  open(floatMinor: number, actor: Actor): Shift {
    const { store, now } = this.core;
    if (store.shifts.openFor(actor.id)) throw conflict('you already have an open shift: close it first');
    return store.change(() => {
      const shift = store.shifts.open(actor.id, floatMinor, now());
      audit(this.core, { actor: actor.username, action: 'shift.open', subject: `shift:${shift.id}`, detail: { floatMinor } });
      store.outbox.append('shift', `shift:${shift.id}:opened`, shift, shift.openedAt);
      return shift;
    });
  }

  /** What should be in the drawer now: the float plus every cash movement of the shift (sales, refunds, paid in/out). */
  drawer(actor: Actor): DrawerView | null {
    const shift = this.core.store.shifts.openFor(actor.id);
    return shift ? this.drawerOf(shift) : null;
  }

  /**
   * Cash in or out of the drawer that is not a sale: paid in, paid out, a drop to the safe. Audited. The console's
   * key makes its retry (no answer heard: a dropped link, a kiosk killed after the commit) the same movement, once.
   */
  moveCash(movement: { kind: 'paid_in' | 'paid_out' | 'drop'; amountMinor: number; reason: string; idempotencyKey: string }, actor: Actor): DrawerView {
    const { store, now } = this.core;
    const shift = store.shifts.openFor(actor.id);
    if (!shift) throw conflict('you have no open shift');
    const signed = movement.kind === 'paid_in' ? movement.amountMinor : -movement.amountMinor;
    const recorded = this.payments.cashMovementByKey(movement.idempotencyKey);
    if (recorded) {
      if (recorded.shiftId !== shift.id || recorded.kind !== movement.kind || recorded.amountMinor !== signed) throw conflict('that key was already used for another drawer movement');
      return this.drawerOf(shift);
    }
    const before = this.drawerOf(shift);
    if (before.expectedMinor + signed < 0) throw invalid(`the drawer should hold ${before.expectedMinor}: it cannot pay out ${movement.amountMinor}`);
    store.change(() => {
      this.payments.insertCashMovement({ shiftId: shift.id, kind: movement.kind, amountMinor: signed, reason: movement.reason, at: now(), by: actor.username, idempotencyKey: movement.idempotencyKey });
      audit(this.core, { actor: actor.username, action: `shift.${movement.kind}`, subject: `shift:${shift.id}`, detail: { amountMinor: signed, reason: movement.reason } });
      store.outbox.appendEvent('cash_movement', `shift:${shift.id}:cash`, { shiftId: shift.id, kind: movement.kind, amountMinor: signed, reason: movement.reason }, now());
    });
    return this.drawerOf(shift);
  }

  /**
   * Closes the drawer with the cash counted by denomination. Expected cash is the float plus the shift's cash
   * movements; a card payment still on a reader for this shift (a stay's, or a booking's) keeps it open: its outcome
   * belongs to the shift.
   * A count that differs from what is expected needs a note saying why (kept in the audit row): a variance nobody
   * explained is what a supervisor asks about the next morning.
   */
  close(counted: Record<string, number>, actor: Actor, note = ''): Shift {
    const { store, now } = this.core;
    const open = store.shifts.openFor(actor.id);
    if (!open) throw conflict('you have no open shift');
    const drawer = this.drawerOf(open);
    if (drawer.paymentsInFlight > 0) throw conflict(`a card payment is still in flight on this shift (${drawer.paymentsInFlight}): let it finish or cancel it on the reader, then close the shift`);
    let countedMinor: number;
    try {
      countedMinor = countDrawer(counted, drawer.expectedMinor).countedMinor;
    } catch (error) {
      throw conflict((error as Error).message);
    }
    const explanation = note.trim();
    if (countedMinor !== drawer.expectedMinor && explanation.length < 3) throw invalid(`the count differs from the ${drawer.expectedMinor} expected: add a note of at least 3 characters saying why`);
    return store.change(() => {
      const shift = store.shifts.close(open.id, { closedAt: now(), countedMinor, countedDetail: JSON.stringify(counted), expectedMinor: drawer.expectedMinor });
      audit(this.core, { actor: actor.username, action: 'shift.close', subject: `shift:${shift.id}`, detail: { countedMinor, expectedMinor: shift.expectedMinor, varianceMinor: shift.varianceMinor, counted, byKind: drawer.byKind, ...(explanation ? { note: explanation } : {}) } });
      store.outbox.append('shift', `shift:${shift.id}:closed`, shift, now());
      return shift;
    });
  }

  private drawerOf(shift: Shift): DrawerView {
    const byKind = this.payments.cashByKind(shift.id);
    const movements = Object.values(byKind).reduce((sum, amount) => sum + amount, 0);
    return { shiftId: shift.id, floatMinor: shift.floatMinor, byKind, expectedMinor: shift.floatMinor + movements, paymentsInFlight: this.payments.unfinishedAttempts({ shiftId: shift.id }).length + this.bookingCards.unfinishedOnShift(shift.id) };
  }
}
