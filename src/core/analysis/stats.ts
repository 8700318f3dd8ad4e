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

/**
 * The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9): the z
 * whose upper tail is `p`.
 */
export function zForTail(p: number): number {
  const q = Math.min(Math.max(p, 1e-300), 0.5);
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  if (q < 0.02425) {
    const t = Math.sqrt(-2 * Math.log(q));
    return (
      -(((((c[0]! * t + c[1]!) * t + c[2]!) * t + c[3]!) * t + c[4]!) * t + c[5]!) /
      ((((d[0]! * t + d[1]!) * t + d[2]!) * t + d[3]!) * t + 1)
    );
  }
  const u = q - 0.5;
  const r = u * u;
  return (
    -((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * u) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
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
