/**
 * Behind another connection's write lock the analysis does not fold its rollups (that would wait
 * for the lock): it scans the baseline from the calls. On every hard day of
 * test/generators/hard-days, with a week of history, that must give exactly the findings the
 * folded rollups give.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeWindow } from '../../../src/core/analysis/analyze.js';
import { insertCalls } from '../../../src/store/calls.js';
import { openDb } from '../../../src/store/db.js';
import { generateScenario, SCENARIO_NAMES } from '../../generators/hard-days/index.js';

const dir = mkdtempSync(join(tmpdir(), 'sipbot-lock-fallback-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(SCENARIO_NAMES)('hard day %s behind a held write lock', (name) => {
  it('finds what the folded rollups find', () => {
    const g = generateScenario(name, { seed: 1, day: '2026-11-20', historyDays: 6 });
    const path = join(dir, `${name}.db`);
    const db = openDb(path);
    db.pragma('busy_timeout = 0');
    insertCalls(db, g.calls);
    const opts = {
      from: new Date(g.period.from),
      to: new Date(g.period.to),
      timeZone: g.period.timeZone,
      reasons: false,
    };
    const other = new Database(path);
    try {
      other.exec('BEGIN IMMEDIATE');
      const scanned = analyzeWindow(db, opts);
      expect(scanned.rollupFolded).toBe(0);
      other.exec('ROLLBACK');
      const folded = analyzeWindow(db, opts);
      expect(folded.rollupFolded).toBe(g.calls.length);
      expect(scanned.report).toEqual(folded.report);
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      db.close();
    }
  });
});
