import { describe, expect, it } from 'vitest';
import { useMigratedDb } from './migrated-db';

/** Migration 0012 (site settings): one row of settings as a JSON object. */
const db = useMigratedDb('');

const save = (id: number, definition: string) =>
  db().prepare('INSERT INTO site_settings (id, definition, updated_at, updated_by) VALUES (?, ?, 0, ?)').run(id, definition, 'admin');

describe('0012_site_settings', () => {
  it('keeps one row whose definition is a JSON object', () => {
    save(1, '{"evidenceRetentionDays":30}');
    expect(db().prepare("SELECT json_extract(definition, '$.evidenceRetentionDays') FROM site_settings").pluck().get()).toBe(30);
    expect(() => save(2, '{}')).toThrow(/CHECK/);
    expect(() => save(1, '{}')).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('refuses a definition that is not a JSON object', () => {
    expect(() => save(1, '{"evidenceRetentionDays":')).toThrow(/CHECK|malformed JSON/);
    expect(() => save(1, '[30]')).toThrow(/CHECK/);
  });
});
