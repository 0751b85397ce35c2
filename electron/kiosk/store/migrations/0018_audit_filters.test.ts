import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../test/support/temp-dir';
import { databaseBefore } from './migrated-db';

/** Migration 0018 (audit filters): the audit log's filters by who, what and when each read through an index. */
const tempDir = useTempDirs();

const plan = (db: Database.Database, sql: string, ...params: unknown[]): string =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('\n');

describe('0018_audit_filters', () => {
  it('keeps the rows already there and answers each filter from its index', () => {
    const { db, apply } = databaseBefore(tempDir(), 'audit_filters');
    db.prepare("INSERT INTO audit_log VALUES (1, 1000, 'sam', 'tariff.save', 'tariff:standard', '{}', 'p', 'h')").run();
    apply();

    expect(db.prepare('SELECT seq, actor FROM audit_log').all()).toEqual([{ seq: 1, actor: 'sam' }]);
    expect(plan(db, 'SELECT * FROM audit_log WHERE seq < ? AND actor = ? ORDER BY seq DESC LIMIT 100', 9, 'sam')).toContain('audit_log_actor');
    expect(plan(db, 'SELECT * FROM audit_log WHERE seq < ? AND action = ? ORDER BY seq DESC LIMIT 100', 9, 'tariff.save')).toContain('audit_log_action');
    expect(plan(db, 'SELECT * FROM audit_log WHERE at >= ? AND at < ? ORDER BY seq DESC LIMIT 100', 0, 10)).toContain('audit_log_at');
    db.close();
  });
});
