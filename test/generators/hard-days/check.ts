import { isBlocked, type CallRecord } from '../../../src/core/call.js';

/** Blocked and total calls of a list, as the digest counts refusals. */
export function refusals(calls: readonly CallRecord[]): { calls: number; blocked: number; rate: number } {
  let blocked = 0;
  for (const c of calls) if (isBlocked(c.sipCode, c.sipReason)) blocked++;
  return { calls: calls.length, blocked, rate: calls.length === 0 ? 0 : blocked / calls.length };
}

function kl(q: number, p: number): number {
  const term = (a: number, b: number): number => (a === 0 ? 0 : b === 0 ? Infinity : a * Math.log(a / b));
  return term(q, p) + term(1 - q, 1 - p);
}

/**
 * How surprising `blocked` of `n` is if each call is refused with probability `p`: the Chernoff
 * bound exp(-n KL(observed || p)) on the tail beyond the observation. A bound, so a check that
 * fails when it is below 1e-6 never fails on chance alone, however many subjects it looks at.
 */
export function surprise(blocked: number, n: number, p: number): number {
  if (n === 0) return 1;
  return Math.exp(-n * kl(blocked / n, p));
}

/** True when `blocked` of `n` is consistent with rate `p`, or (`atMost`) not clearly above it. */
export function consistent(blocked: number, n: number, p: number, o: { atMost?: boolean } = {}): boolean {
  if (o.atMost && blocked / Math.max(n, 1) <= p) return true;
  return surprise(blocked, n, p) >= 1e-6;
}
