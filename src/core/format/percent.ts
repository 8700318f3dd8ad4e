/**
 * The one way a rate is written, in the digest, patterns, the checklist and `/sip <code>`:
 * `36%`, `4.2%`, `0.3%`, `<0.1%`, and `0%` for zero (never `0.0%`). One decimal below 10%, where
 * 0.3% and 0.5% are different stories; none above, where the decimal is noise.
 */
export function pct(x: number): string {
  if (!Number.isFinite(x) || x <= 0) return '0%';
  const v = x * 100;
  if (v < 0.05) return '<0.1%';
  if (v < 9.95) return `${v.toFixed(1)}%`;
  return `${Math.round(v)}%`;
}

/** `pct(part / whole)`, with nothing of nothing written `0%`. */
export function pctOf(part: number, whole: number): string {
  return whole > 0 ? pct(part / whole) : '0%';
}

const numberFormat = new Intl.NumberFormat('en-US');

/** `12,345`. */
export function num(n: number): string {
  return numberFormat.format(n);
}
