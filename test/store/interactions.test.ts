import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { claimInteraction, releaseInteraction, saveButtonPayload } from '../../src/store/interactions.js';

describe('claimInteraction while another process holds the write lock', () => {
  it('answers at once, claims each key once, and stores the claims when the lock is free', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-claims-'));
    try {
      const path = join(dir, 'c.db');
      const db = openDb(path);
      expect(claimInteraction(db, 'slack:old', 'slack', 1)).toBe(true);
      const other = new Database(path);
      other.exec('BEGIN IMMEDIATE');
      const t0 = performance.now();
      expect(claimInteraction(db, 'slack:a', 'slack', 2)).toBe(true);
      expect(claimInteraction(db, 'slack:a', 'slack', 3)).toBe(false);
      // A key stored before the lock was taken is still a repeat.
      expect(claimInteraction(db, 'slack:old', 'slack', 4)).toBe(false);
      // Given back (a form refused as invalid), either kind of key is a first delivery again, once.
      releaseInteraction(db, 'slack:old');
      releaseInteraction(db, 'slack:a');
      expect(claimInteraction(db, 'slack:old', 'slack', 4)).toBe(true);
      expect(claimInteraction(db, 'slack:old', 'slack', 4)).toBe(false);
      expect(claimInteraction(db, 'slack:a', 'slack', 4)).toBe(true);
      expect(claimInteraction(db, 'slack:a', 'slack', 4)).toBe(false);
      // Not SQLite's 10 s busy timeout: the claim never waits for the lock.
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(10000);
      other.exec('COMMIT');
      expect(claimInteraction(db, 'slack:b', 'slack', 5)).toBe(true);
      expect(db.prepare('SELECT key FROM interaction_keys ORDER BY key').pluck().all()).toEqual([
        'slack:a',
        'slack:b',
        'slack:old',
      ]);
      expect(claimInteraction(db, 'slack:a', 'slack', 6)).toBe(false);
      other.close();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('saveButtonPayload', () => {
  it('finds a payload stored already without a write, so the lock of another process never holds it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-payloads-'));
    try {
      const path = join(dir, 'p.db');
      const db = openDb(path);
      const id = saveButtonPayload(db, 'calls.page', 'x'.repeat(200), 1);
      const other = new Database(path);
      other.exec('BEGIN IMMEDIATE');
      const t0 = performance.now();
      expect(saveButtonPayload(db, 'calls.page', 'x'.repeat(200), 2)).toBe(id);
      expect(performance.now() - t0).toBeLessThan(1000);
      other.exec('ROLLBACK');
      other.close();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
