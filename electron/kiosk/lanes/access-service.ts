/**
 * Permits, allow/deny lists and reservations as a supervisor edits them (head office's copies come through sync).
 * Each save is validated against the site (zones exist), stored with its plates indexed, audited and queued for
 * head office in one transaction.
 */
import type { z } from 'zod';
import type { accessRecordSchema, StoredAccessRecord } from '../contract/lanes';
import { audit, type Actor, type Core } from '../core';
import { foldConfusable, normalisePlate } from '../domain/plate';
import { invalid, notFound } from '../errors';
import type { AccessKind, AccessRecord } from '../store/access-repo';

export type AccessRecordInput = z.output<typeof accessRecordSchema>;

export class AccessService {
  constructor(private readonly core: Core) {}

  list(kinds: readonly AccessKind[], plate: string | undefined, limit: number): StoredAccessRecord[] {
    const plateFold = plate ? foldConfusable(normalisePlate(plate)) : undefined;
    return this.core.store.access.list(kinds, { plateFold, limit }).map(stored);
  }

  save(input: AccessRecordInput, reason: string, actor: Actor): StoredAccessRecord {
    this.assertFitsSite(input);
    if ('list' in input.definition && input.definition.list !== input.kind) throw invalid(`a ${input.definition.list} list entry cannot be saved as ${input.kind}`);
    const { store } = this.core;
    const now = this.core.now();
    const record = store.change(() => {
      const before = store.access.get(input.kind, input.definition.id);
      const saved = store.access.put(input.kind, input.definition, { origin: 'site', by: actor.username, now });
      audit(this.core, { actor: actor.username, action: `access.${before && before.deletedAt === null ? 'update' : 'create'}`, subject: `${input.kind}:${saved.id}`, detail: { reason, version: saved.version, before: before && before.deletedAt === null ? before.definition : null, definition: saved.definition } });
      store.outbox.append('access', `access:${input.kind}:${saved.id}:v${saved.version}`, stored(saved), now);
      return saved;
    });
    this.core.bus.log({ at: now, kind: 'access', text: `${input.kind} ${record.id} saved by ${actor.username}`, sessionId: null });
    this.core.bus.emit('access.changed', { kind: input.kind, id: record.id, origin: 'site' });
    return stored(record);
  }

  remove(kind: AccessKind, id: string, reason: string, actor: Actor): void {
    const { store } = this.core;
    const now = this.core.now();
    store.change(() => {
      if (!store.access.remove(kind, id, { by: actor.username, now })) throw notFound(`${kind} ${id}`);
      const removed = store.access.get(kind, id)!;
      audit(this.core, { actor: actor.username, action: 'access.remove', subject: `${kind}:${id}`, detail: { reason, before: removed.definition } });
      store.outbox.append('access', `access:${kind}:${id}:v${removed.version}`, { ...stored(removed), deleted: true }, now);
    });
    this.core.bus.emit('access.changed', { kind, id, origin: 'site' });
  }

  private assertFitsSite(input: AccessRecordInput): void {
    const zones = new Set(this.core.layout().zones.map((z) => z.id));
    const named = input.kind === 'permit' ? input.definition.zones : input.kind === 'reservation' && input.definition.zoneId ? [input.definition.zoneId] : [];
    const unknown = named.find((zone) => !zones.has(zone));
    if (unknown !== undefined) throw invalid(`zone "${unknown}" is not part of this site`);
  }
}

/** The repository parsed each definition with its kind's schema, so kind and definition belong together. */
function stored(record: AccessRecord): StoredAccessRecord {
  return { kind: record.kind, id: record.id, definition: record.definition, origin: record.origin, version: record.version, updatedAt: record.updatedAt, updatedBy: record.updatedBy } as StoredAccessRecord;
}
