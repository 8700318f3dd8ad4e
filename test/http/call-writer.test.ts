import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/core/call.js';
import { CallWriter } from '../../src/http/call-writer.js';
import { openDb } from '../../src/store/db.js';
import { testCtx } from '../helpers/ctx.js';

function call(callId: string): CallRecord {
  return {
    source: 'twilio',
    callId,
    startMs: Date.parse('2026-11-21T11:58:02Z'),
    caller: '+12125550123',
    callee: '+15125550187',
    callerCountry: 'US',
    callerNpa: '212',
    callerState: 'NY',
    calleeCountry: 'US',
    calleeNpa: '512',
    calleeState: 'TX',
    calleeRegion: '512',
    route: 'twilio',
    sipCode: 403,
    sipReason: null,
    q850Cause: null,
    durationS: null,
    campaign: null,
    attestation: null,
    hangupSource: null,
    pddMs: null,
    progressCode: null,
  };
}

describe('CallWriter', () => {
  it('commits the writes of one event-loop turn together and answers each caller', async () => {
    const { db } = testCtx();
    const writer = new CallWriter(db);
    const before = db.prepare('SELECT total_changes()').pluck().get() as number;
    const outcomes = await Promise.all([writer.write(call('A')), writer.write(call('B')), writer.write(call('A'))]);
    expect(outcomes).toEqual(['stored', 'stored', 'duplicate']);
    expect((db.prepare('SELECT total_changes()').pluck().get() as number) - before).toBe(2);
    expect(db.prepare('SELECT call_id FROM calls ORDER BY call_id').pluck().all()).toEqual(['A', 'B']);
  });

  it('fails every write of a batch whose commit fails, storing none of them', async () => {
    const { db } = testCtx();
    const writer = new CallWriter(db);
    // A failure inside the commit (as a disk-full or busy error would be).
    db.exec(
      "CREATE TEMP TRIGGER boom BEFORE INSERT ON calls WHEN NEW.call_id = 'BAD' BEGIN SELECT RAISE(ABORT, 'boom'); END",
    );
    const results = await Promise.allSettled([writer.write(call('D')), writer.write(call('BAD'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(db.prepare('SELECT count(*) FROM calls').pluck().get()).toBe(0);
  });

  it('splits a queue longer than its batch size into several transactions, answering all', async () => {
    const { db } = testCtx();
    const writer = new CallWriter(db, 2);
    const outcomes = await Promise.all(['E', 'F', 'G'].map((id) => writer.write(call(id))));
    expect(outcomes).toEqual(['stored', 'stored', 'stored']);
    expect(db.prepare('SELECT count(*) FROM calls').pluck().get()).toBe(3);
  });

  it("waits for another process's write lock without blocking the event loop", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-writer-'));
    try {
      const db = openDb(join(dir, 'w.db'));
      const other = new Database(join(dir, 'w.db'));
      other.exec('BEGIN IMMEDIATE');
      const writer = new CallWriter(db);
      const pending = writer.write(call('H'));
      let settled = false;
      void pending.then(() => (settled = true));
      // The event loop keeps turning while the write waits: five timer ticks go by with the
      // write still pending (blocked in SQLite's busy handler, no tick would fire before it settled).
      await new Promise<void>((resolve) => {
        let ticks = 0;
        const ticker = setInterval(() => {
          if (++ticks < 5) return;
          clearInterval(ticker);
          resolve();
        }, 5);
      });
      expect(settled).toBe(false);
      other.exec('COMMIT');
      expect(await pending).toBe('stored');
      expect(db.pragma('busy_timeout', { simple: true })).toBe(10000); // restored after each try
      other.close();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CallWriter checkpoints', () => {
  it('commits without the automatic checkpoint and restores the setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-writer-'));
    try {
      const db = openDb(join(dir, 'c.db'));
      db.pragma('wal_autocheckpoint = 1'); // would checkpoint on every commit
      const writer = new CallWriter(db);
      await writer.write(call('K'));
      // The WAL still holds the commit's frames: no checkpoint ran inside it.
      const [state] = db.pragma('wal_checkpoint(NOOP)') as Array<{ log: number; checkpointed: number }>;
      expect(state!.log).toBeGreaterThan(state!.checkpointed);
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1);
      writer.close();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
