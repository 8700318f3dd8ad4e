import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ingestStream } from '../../src/core/ingest/index.js';
import { openDb } from '../../src/store/db.js';
import { testCtx } from '../helpers/ctx.js';

const MIGRATIONS = join(import.meta.dirname, '..', '..', 'src', 'store', 'migrations');
const ROW_A =
  '"acme","2125550123","15125550160","out","","PJSIP/agent-00000a1f","PJSIP/trunk-a-00000a20","Dial","PJSIP/15125550160@trunk-a,60","2026-11-20 18:00:01","","2026-11-20 18:00:02",1,0,"FAILED","DOCUMENTATION","1795197601.2591","SIP 503 Service Unavailable"';
const ROW_B =
  '"acme","2125550123","15125550160","out","","PJSIP/agent-00000a1f","PJSIP/trunk-b-00000a21","Dial","PJSIP/15125550160@trunk-b,60","2026-11-20 18:00:02","2026-11-20 18:00:05","2026-11-20 18:01:00",58,55,"ANSWERED","DOCUMENTATION","1795197601.2591","SIP 200 OK"';

/** A database as the version before attempts left it: every migration before 070 applied. */
function legacyDb(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sipbot-legacy-')), 'old.db');
  const db = new Database(path);
  db.exec('CREATE TABLE schema_migrations (id TEXT PRIMARY KEY, applied_ms INTEGER NOT NULL)');
  for (const f of readdirSync(MIGRATIONS)
    .filter((x) => x.endsWith('.sql') && x < '070')
    .sort()) {
    db.exec(readFileSync(join(MIGRATIONS, f), 'utf8'));
    db.prepare('INSERT INTO schema_migrations VALUES (?, 0)').run(f.replace(/\.sql$/, ''));
  }
  // What the old ingest stored of the failover file: the first row only (the second was a "duplicate").
  db.prepare(
    `INSERT INTO calls (source, call_id, start_ms, caller, callee, callee_region, route, sip_code, sip_reason, blocked)
    VALUES ('asterisk', '1795197601.2591', ?, '+12125550123', '+15125550160', '512', 'trunk-a', 503, 'Service Unavailable', 0)`,
  ).run(Date.UTC(2026, 10, 20, 18, 0, 1));
  db.close();
  return path;
}

describe('migration 070: attempts in the call identity', () => {
  it('keeps an existing database working, and a re-ingest adds the lost attempt without doubling the stored one', async () => {
    const path = legacyDb();
    const db = openDb(path);
    expect(db.prepare('SELECT call_id, attempt, route FROM calls').all()).toEqual([
      { call_id: '1795197601.2591', attempt: '', route: 'trunk-a' },
    ]);
    const ctx = { ...testCtx(), db };
    const r = await ingestStream(ctx, Readable.from([`${ROW_A}\n${ROW_B}\n`]), { origin: 'Master.csv' });
    expect(r).toMatchObject({ read: 2, stored: 1, duplicates: 1 });
    expect(db.prepare('SELECT route, sip_code FROM calls ORDER BY id').all()).toEqual([
      { route: 'trunk-a', sip_code: 503 },
      { route: 'trunk-b', sip_code: 200 },
    ]);
    // The old row now carries its attempt: a third run matches both directly.
    const again = await ingestStream(ctx, Readable.from([`${ROW_A}\n${ROW_B}\n`]), { origin: 'Master.csv' });
    expect(again).toMatchObject({ stored: 0, duplicates: 2 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
