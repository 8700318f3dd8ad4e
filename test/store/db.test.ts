import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate, openDb } from '../../src/store/db.js';

describe('openDb', () => {
  it('applies every migration once, in order, and opens the file in WAL mode', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sipbot-')), 'x.db');
    const db = openDb(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const ids = db.prepare('SELECT id FROM schema_migrations ORDER BY id').pluck().all() as string[];
    expect(ids[0]).toBe('001-calls');
    expect([...ids].sort()).toEqual(ids);
    expect(migrate(db)).toEqual([]);
    db.close();
    const again = new Database(path);
    expect(again.prepare('SELECT count(*) FROM schema_migrations').pluck().get()).toBe(ids.length);
  });

  it('refuses a second row with the same source and call id', () => {
    const db = openDb(':memory:');
    const ins =
      db.prepare(`INSERT INTO calls (source, call_id, start_ms, caller, callee, callee_region, route, sip_code)
      VALUES ('csv', 'a1', 0, '+12125550123', '+15125550100', '512', 'telco-east', 403)`);
    ins.run();
    expect(() => ins.run()).toThrow(/UNIQUE/);
  });
});
