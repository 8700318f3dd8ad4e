import type { CallRecord } from '../../../src/core/call.js';
import type { Db } from '../../../src/store/db.js';
import { insertCalls } from '../../../src/store/calls.js';

const DAY = 86_400_000;
/** Call ids stay unique across calls to seedHistory on one database (a second seed adds, never collides). */
let seq = 0;

/** One number's plan: per day index, per route, calls and refusals (or a function of the day). */
export interface NumberPlan {
  number: string;
  routes: Record<
    string,
    (day: number) => {
      calls: number;
      blocked: number;
      code?: number;
      reasonHeader?: string;
      attestation?: string | null;
    }
  >;
}

/**
 * Writes a generated history: `days` UTC days ending with the day of `endMs`, each planned call
 * spread over the day's working hours. Refusals are 403 unless the plan says otherwise.
 */
export function seedHistory(db: Db, endMs: number, days: number, plans: NumberPlan[]): void {
  const first = Math.floor(endMs / DAY) * DAY - (days - 1) * DAY;
  const records: CallRecord[] = [];
  for (let d = 0; d < days; d++) {
    const dayStart = first + d * DAY;
    for (const p of plans) {
      for (const [route, f] of Object.entries(p.routes)) {
        const { calls, blocked, code = 403, reasonHeader, attestation = null } = f(d);
        for (let k = 0; k < calls; k++) {
          const startMs = dayStart + 9 * 3_600_000 + Math.floor((k * 8 * 3_600_000) / Math.max(1, calls));
          if (startMs >= endMs) continue;
          const refused = k < blocked;
          records.push({
            source: 'gen',
            callId: `g${seq++}`,
            startMs,
            caller: p.number,
            callee: `+1512555${String(1000 + (k % 9000)).padStart(4, '0')}`,
            callerCountry: 'US',
            callerNpa: p.number.slice(2, 5),
            callerState: null,
            calleeCountry: 'US',
            calleeNpa: '512',
            calleeState: 'TX',
            calleeRegion: '512',
            route,
            sipCode: refused ? code : 200,
            sipReason: refused ? (code === 603 ? 'Network Blocked' : 'Forbidden') : 'OK',
            q850Cause: null,
            durationS: refused ? 0 : 60,
            campaign: 'reminders',
            attestation,
            hangupSource: null,
            pddMs: null,
            progressCode: null,
            ...(refused && reasonHeader ? { reasonHeader } : {}),
          });
        }
      }
    }
  }
  insertCalls(db, records);
}

/** Ten ordinary numbers on the same routes: the reference the number is judged against. */
export function background(routes: string[], perDay = 60): NumberPlan[] {
  return Array.from({ length: 10 }, (_, i) => ({
    number: `+1415555${String(2000 + i)}`,
    routes: Object.fromEntries(
      routes.map((r) => [r, (d: number) => ({ calls: perDay, blocked: (d + i) % 20 === 0 ? 1 : 0 })]),
    ),
  }));
}
