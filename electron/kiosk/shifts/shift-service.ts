import type { Shift } from '../contract';
import { audit, type Actor, type Core } from '../core';
import { conflict } from '../errors';

export class ShiftService {
  constructor(private readonly core: Core) {}

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

  /**
   * Closes the drawer with the cash counted by denomination. Expected cash is the float plus the shift's cash
   * movements (cash payments arrive with the payments capability; until then the float alone).
   */
  close(counted: Record<string, number>, actor: Actor): Shift {
    const { store, now } = this.core;
    const open = store.shifts.openFor(actor.id);
    if (!open) throw conflict('you have no open shift');
    const countedMinor = Object.entries(counted).reduce((sum, [denomination, count]) => sum + Number(denomination) * count, 0);
    if (!Number.isSafeInteger(countedMinor)) throw conflict('the counted total is too large');
    return store.change(() => {
      const shift = store.shifts.close(open.id, { closedAt: now(), countedMinor, countedDetail: JSON.stringify(counted), expectedMinor: open.floatMinor });
      audit(this.core, { actor: actor.username, action: 'shift.close', subject: `shift:${shift.id}`, detail: { countedMinor, expectedMinor: shift.expectedMinor, varianceMinor: shift.varianceMinor, counted } });
      store.outbox.append('shift', `shift:${shift.id}:closed`, shift, now());
      return shift;
    });
  }
}
