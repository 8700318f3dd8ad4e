import { refusals } from './check.js';
import type { GeneratedScenario } from './types.js';

/**
 * A subject's own figures in the scenario's period (or `from`/`to`, ISO), counted from the
 * generated calls: what the contract says a finding or a filtered report must show for it. A `+` number is
 * a caller, `*` the account, a route name a route, anything else a destination region.
 */
export function subjectTotals(
  g: Pick<GeneratedScenario, 'calls' | 'period'>,
  subject: string,
  o: { from?: string; to?: string } = {},
): { calls: number; blocked: number; rate: number } {
  const from = Date.parse(o.from ?? g.period.from);
  const to = Date.parse(o.to ?? g.period.to);
  const routes = new Set(g.calls.map((c) => c.route));
  const key =
    subject === '*' ? null : subject.startsWith('+') ? 'caller' : routes.has(subject) ? 'route' : 'calleeRegion';
  return refusals(g.calls.filter((c) => c.startMs >= from && c.startMs < to && (key === null || c[key] === subject)));
}
