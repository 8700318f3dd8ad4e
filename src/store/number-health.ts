import type { Db } from './db.js';

/** Calls by attestation as stored (A, B, C, anything else a source wrote, or null). */
export function attestationCounts(
  db: Db,
  number: string,
  fromMs: number,
  toMs: number,
): Array<{ attestation: string | null; calls: number }> {
  return db
    .prepare(
      'SELECT attestation, count(*) AS calls FROM calls INDEXED BY calls_by_caller WHERE caller = ? AND start_ms >= ? AND start_ms < ? GROUP BY attestation',
    )
    .all(number, fromMs, toMs) as Array<{ attestation: string | null; calls: number }>;
}

/** A redress contact a refusal of this number carried (603+ AVPs or a 608 card), with how often. */
export interface ContactRow {
  route: string;
  sipCode: number;
  url: string | null;
  tel: string | null;
  email: string | null;
  id: string | null;
  location: string | null;
  card: string | null;
  calls: number;
  lastMs: number;
}

export function redressContacts(db: Db, number: string, fromMs: number, toMs: number, limit = 20): ContactRow[] {
  return db
    .prepare(
      `SELECT route, sip_code AS sipCode, redress_url AS url, redress_tel AS tel, redress_email AS email, redress_id AS id,
              redress_location AS location, redress_card AS card, count(*) AS calls, max(start_ms) AS lastMs
         FROM calls INDEXED BY calls_by_caller
        WHERE caller = ? AND start_ms >= ? AND start_ms < ? AND (redress_v IS NOT NULL OR redress_card IS NOT NULL)
        GROUP BY route, sip_code, redress_url, redress_tel, redress_email, redress_id, redress_location, redress_card
        ORDER BY calls DESC, lastMs DESC LIMIT ?`,
    )
    .all(number, fromMs, toMs, limit) as ContactRow[];
}

/** A sample of the number's refused calls, newest first: what a carrier redress text quotes. */
export interface RefusedSample {
  startMs: number;
  callee: string;
  route: string;
  sipCode: number;
  sipReason: string | null;
  redressId: string | null;
}

export function refusedSample(
  db: Db,
  number: string,
  fromMs: number,
  toMs: number,
  limit: number,
  route?: string,
): RefusedSample[] {
  return db
    .prepare(
      `SELECT start_ms AS startMs, callee, route, sip_code AS sipCode, sip_reason AS sipReason, redress_id AS redressId
         FROM calls INDEXED BY calls_by_caller
        WHERE caller = ? AND start_ms >= ? AND start_ms < ? AND blocked = 1${route !== undefined ? ' AND route = ?' : ''}
        ORDER BY start_ms DESC LIMIT ?`,
    )
    .all(...[number, fromMs, toMs, ...(route !== undefined ? [route] : []), limit]) as RefusedSample[];
}

/** Campaigns this number's calls carried, most calls first (the purpose of a First Orion upload). */
export function numberCampaigns(
  db: Db,
  number: string,
  fromMs: number,
  toMs: number,
): Array<{ campaign: string; calls: number }> {
  return db
    .prepare(
      `SELECT campaign, count(*) AS calls FROM calls INDEXED BY calls_by_caller
        WHERE caller = ? AND start_ms >= ? AND start_ms < ? AND campaign IS NOT NULL GROUP BY campaign ORDER BY calls DESC`,
    )
    .all(number, fromMs, toMs) as Array<{ campaign: string; calls: number }>;
}

/** Caller numbers seen, for "did you mean" when a number has no calls. */
export function knownCallersLike(db: Db, digits: string, limit = 5): string[] {
  const tail = digits.replace(/\D/g, '').slice(-4);
  if (!tail) return [];
  // The rollups hold one row per caller, route and day: far fewer rows to scan than calls.
  return db
    .prepare('SELECT DISTINCT caller FROM rollup_caller_route_day WHERE caller LIKE ? LIMIT ?')
    .pluck()
    .all(`%${tail}`, limit) as string[];
}

/** The number's calls and refusals per route in a window (the before/after of a redress request). */
export function routeTallies(
  db: Db,
  number: string,
  fromMs: number,
  toMs: number,
): Array<{ route: string; calls: number; blocked: number }> {
  return db
    .prepare(
      'SELECT route, count(*) AS calls, sum(blocked) AS blocked FROM calls INDEXED BY calls_by_caller WHERE caller = ? AND start_ms >= ? AND start_ms < ? GROUP BY route ORDER BY route',
    )
    .all(number, fromMs, toMs) as Array<{ route: string; calls: number; blocked: number }>;
}
