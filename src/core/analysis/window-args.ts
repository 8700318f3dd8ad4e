import { parseSubjectText } from '../subject.js';

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };
const UNIT_WORD = /^(m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?)$/i;

/** `24h`, `90m`, `7d`, `2w`, `90 minutes`, `2 days` to milliseconds; null if it is not a duration. */
export function parseDuration(s: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(s.trim());
  if (!m || !UNIT_WORD.test(m[2]!)) return null;
  const ms = Number(m[1]) * (UNITS[m[2]![0]!.toLowerCase()] ?? 0);
  return ms > 0 && ms <= 366 * 86_400_000 ? ms : null;
}

const DAY_MS = 86_400_000;

/**
 * A `--since` as people type it, to the window length up to `now`: a duration (`24h`, `2 days`),
 * `today` or `yesterday` (from that UTC midnight), or a start time (`2026-11-20`, ISO 8601).
 */
export function parseSince(s: string, now: Date): number | null {
  const d = parseDuration(s);
  if (d !== null) return d;
  const raw = s.trim().replace(/^since\s+/i, '');
  const w = raw.toLowerCase();
  const midnight = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const start = w === 'today' ? midnight : w === 'yesterday' ? midnight - DAY_MS : parseInstant(raw)?.getTime();
  if (start === undefined) return null;
  const ms = now.getTime() - start;
  return ms > 0 && ms <= 366 * DAY_MS ? ms : null;
}

/** An instant from ISO 8601 (`2026-11-20T09:00Z`), a date (`2026-11-20`, UTC midnight) or epoch ms. */
export function parseInstant(s: string): Date | null {
  const t = s.trim();
  if (/^\d{12,14}$/.test(t)) return new Date(Number(t));
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return new Date(`${t}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(t)) return null;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** A subject the user typed (the one grammar, src/core/subject.ts), as `patterns` options. */
export function parseSubject(
  raw: string,
  defaultCountry: string,
): { number: string } | { route: string } | { region: string } | Record<string, never> {
  const s = parseSubjectText(raw, { defaultCountry, errorPrefix: 'patterns' });
  if (s.kind === 'number') return { number: s.value };
  if (s.kind === 'region') return { region: s.value };
  if (s.kind === 'route') return { route: s.value };
  return {};
}
