import type { Db } from './db.js';

/** A tally kind: a/r/n/g subjects, and the crosses nr/gr/ng (`<first>\t<second>`) hold-back reads. */
export type TallyKind = 'a' | 'r' | 'n' | 'g' | 'nr' | 'gr' | 'ng';

export interface TallyRow {
  kind: TallyKind;
  subject: string;
  calls: number;
  blocked: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** The expression each kind groups calls by. */
const SUBJECT: Record<TallyKind, string> = {
  a: `'*'`,
  r: 'route',
  n: 'caller',
  g: 'callee_region',
  nr: `caller || char(9) || route`,
  gr: `callee_region || char(9) || route`,
  ng: `caller || char(9) || callee_region`,
};
const MINUTE_KINDS = Object.keys(SUBJECT) as TallyKind[];
const HOUR_KINDS: TallyKind[] = ['a', 'r', 'n', 'g'];

function foldSql(table: 'alert_minutes' | 'alert_hours', kind: TallyKind, bucket: number): string {
  const col = table === 'alert_minutes' ? 'minute_ms' : 'hour_ms';
  // `WHERE true` lets SQLite parse the upsert after a SELECT (sqlite.org/lang_upsert.html, "parsing ambiguity").
  return `INSERT INTO ${table} (kind, subject, ${col}, calls, blocked)
    SELECT '${kind}', ${SUBJECT[kind]}, (start_ms / ${bucket}) * ${bucket}, count(*), sum(blocked) FROM calls
    WHERE id > @after AND id <= @upto AND start_ms >= @from AND true GROUP BY 2, 3
    ON CONFLICT (kind, subject, ${col}) DO UPDATE SET calls = calls + excluded.calls, blocked = blocked + excluded.blocked`;
}

/**
 * Folds calls stored since the last fold into the tallies, `chunk` call ids per transaction, so
 * the first fold over a long history never holds the write lock for long. Minute tallies are kept
 * only from `minuteFromMs` (the windows and catch-up need no older ones). Returns the calls folded.
 */
export function foldAlertTallies(db: Db, minuteFromMs: number, chunk = 250_000): number {
  const minute = MINUTE_KINDS.map((k) => db.prepare(foldSql('alert_minutes', k, MINUTE)));
  const hour = HOUR_KINDS.map((k) => db.prepare(foldSql('alert_hours', k, HOUR)));
  const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM calls').pluck().get() as number;
  let folded = 0;
  for (;;) {
    const done = db
      .transaction(() => {
        const after = db.prepare('SELECT last_call_id FROM alert_fold WHERE id = 1').pluck().get() as number;
        if (after >= maxId) return 0;
        const upto = Math.min(maxId, after + chunk);
        for (const s of minute) s.run({ after, upto, from: minuteFromMs });
        for (const s of hour) s.run({ after, upto, from: 0 });
        db.prepare('UPDATE alert_fold SET last_call_id = ? WHERE id = 1').run(upto);
        return upto - after;
      })
      .immediate();
    if (!done) return folded;
    folded += done;
  }
}

/** Drops minute tallies older than `beforeMs` (hour tallies stay: they are the baseline). */
export function pruneAlertMinutes(db: Db, beforeMs: number): number {
  return db.prepare('DELETE FROM alert_minutes WHERE minute_ms < ?').run(beforeMs).changes;
}

/** Every tally of [fromMs, toMs) summed per kind and subject (the short window). */
export function windowTallies(db: Db, fromMs: number, toMs: number): TallyRow[] {
  return db
    .prepare(
      `SELECT kind, subject, sum(calls) AS calls, sum(blocked) AS blocked FROM alert_minutes
     WHERE minute_ms >= ? AND minute_ms < ? GROUP BY kind, subject`,
    )
    .all(fromMs, toMs) as TallyRow[];
}

/** One subject's calls and refusals in [fromMs, toMs) from the minute tallies (the long window). */
export function subjectWindow(
  db: Db,
  kind: TallyKind,
  subject: string,
  fromMs: number,
  toMs: number,
): { calls: number; blocked: number } {
  const r = db
    .prepare(
      `SELECT coalesce(sum(calls), 0) AS calls, coalesce(sum(blocked), 0) AS blocked FROM alert_minutes
     WHERE kind = ? AND subject = ? AND minute_ms >= ? AND minute_ms < ?`,
    )
    .get(kind, subject, fromMs, toMs) as { calls: number; blocked: number };
  return r;
}

/** One subject's hour tallies over several [from, to) ranges (the same hours on previous days). */
export function subjectHours(
  db: Db,
  kind: TallyKind,
  subject: string,
  ranges: Array<[number, number]>,
): { calls: number; blocked: number } {
  const stmt = db.prepare(
    `SELECT coalesce(sum(calls), 0) AS calls, coalesce(sum(blocked), 0) AS blocked FROM alert_hours
     WHERE kind = ? AND subject = ? AND hour_ms >= ? AND hour_ms < ?`,
  );
  const t = { calls: 0, blocked: 0 };
  for (const [from, to] of ranges) {
    const r = stmt.get(kind, subject, from, to) as { calls: number; blocked: number };
    t.calls += r.calls;
    t.blocked += r.blocked;
  }
  return t;
}

export function lastStep(db: Db): number | null {
  return db.prepare('SELECT last_step_ms FROM alert_fold WHERE id = 1').pluck().get() as number | null;
}

export function setLastStep(db: Db, stepMs: number): void {
  db.prepare('UPDATE alert_fold SET last_step_ms = ? WHERE id = 1').run(stepMs);
}
