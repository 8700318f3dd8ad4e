/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Agresti & Coull 1998): unlike the
 * normal approximation it stays inside [0, 1] and behaves for small counts and rates near 0.
 */
export function wilson(k: number, n: number, z: number): { lo: number; hi: number } {
  if (n <= 0) return { lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

export function rate(k: number, n: number): number {
  return n > 0 ? k / n : 0;
}

/** Rounds a rate for JSON: four decimals (0.0072), enough to tell 0.3% from 0.5%. */
export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** The shared formatters, re-exported where the analysis has always imported them. */
export { num, pct } from '../format/percent.js';
