/**
 * The data's answers to checklist steps: pure functions from counts (src/store/checklist-facts.ts)
 * to a suggested answer and the sentence behind it. What "stands out" means is in stands().
 */
import type { Counts, RefusedCall } from '../../store/checklist-facts.js';
import type { ProbeResult } from './machine.js';
import { elevated } from '../analysis/test-rate.js';
import { defaultThresholds } from '../analysis/thresholds.js';
import { num as n, pct } from '../format/percent.js';

/** The analysis's size gates (data/analysis-thresholds.json): a probe answers on no fewer calls than a finding needs. */
const minCalls = (): number => defaultThresholds().min_calls;
const minBlocked = (): number => defaultThresholds().min_blocked;

export { n, pct };
const rate = (b: number, c: number): number => (c > 0 ? b / c : 0);
const sum = (xs: readonly Counts[], k: 'calls' | 'blocked' | 'answered'): number => xs.reduce((a, x) => a + x[k], 0);

export function trunkOk(routes: readonly Counts[], label: string, since: string): ProbeResult {
  const calls = sum(routes, 'calls');
  if (calls === 0) return { answer: null, text: `No calls for ${label} ${since}.` };
  const dead = routes.filter((r) => r.calls >= 20 && r.answered === 0 && rate(r.blocked, r.calls) >= 0.9);
  if (dead.length) {
    const d = dead[0]!;
    return {
      answer: 'no',
      text: `Route ${d.key}: ${n(d.answered)} of ${n(d.calls)} calls answered, ${n(d.blocked)} refused ${since}: it refuses everything, so check its credentials, ACL and account first.`,
    };
  }
  const answered = sum(routes, 'answered');
  if (answered === 0)
    return {
      answer: null,
      text: `None of ${n(calls)} calls for ${label} was answered ${since}, but the refusals are not total; check the trunk.`,
    };
  const up = routes.filter((r) => r.answered > 0).map((r) => r.key);
  const verb = up.length === 1 ? 'the trunk authenticates and admits' : 'the trunks authenticate and admit';
  return {
    answer: 'yes',
    text: `${n(answered)} of ${n(calls)} calls for ${label} were answered ${since}, on ${up.join(', ')}: ${verb} your IP.`,
  };
}

const LIMIT_REASON = /limit|balance|credit|insufficient|disabled|inactive|suspend|\bD(1|2|3|1[0-7]|22|24|38)\b/i;

export function accountLimits(reasons: readonly Counts[], answered: number): ProbeResult {
  const blocked = sum(reasons, 'blocked');
  const limits = reasons.filter((r) => LIMIT_REASON.test(r.key) && r.blocked > 0);
  if (limits.length) {
    const top = limits[0]!;
    return {
      answer: 'no',
      text: `${n(sum(limits, 'blocked'))} of ${n(blocked)} refusals name a limit or the account, e.g. "${top.key}" (${n(top.blocked)}).`,
    };
  }
  if (blocked === 0) return { answer: answered > 0 ? 'yes' : null, text: 'No refusals in the window.' };
  const top = reasons
    .slice(0, 3)
    .map((r) => `"${r.key}" (${n(r.blocked)})`)
    .join(', ');
  return {
    answer: answered > 0 ? 'yes' : null,
    text: `None of the ${n(blocked)} refusals names a limit, balance or disabled account; they read ${top}.`,
  };
}

export function destinations(groups: readonly Counts[]): ProbeResult {
  const intl = groups.find((g) => g.key === 'international');
  const dom = groups.find((g) => g.key === 'domestic');
  if (!intl || intl.calls === 0)
    return { answer: 'yes', text: 'Every call is domestic: international permissions are not involved.' };
  const ri = rate(intl.blocked, intl.calls);
  const rd = dom ? rate(dom.blocked, dom.calls) : 0;
  const line = `International calls: ${n(intl.blocked)} of ${n(intl.calls)} refused (${pct(ri)}); domestic: ${pct(rd)}.`;
  if (intl.calls >= 10 && ri >= 0.8 && rd < 0.3)
    return { answer: 'no', text: `${line} International calls fail almost always: a missing permission.` };
  return { answer: 'yes', text: line };
}

const E164 = /^\+[1-9]\d{6,14}$/;

export function callerFormat(callers: readonly Counts[]): ProbeResult {
  const bad = callers.filter((c) => !E164.test(c.key));
  if (!callers.length) return { answer: null, text: 'No calls in the window.' };
  if (!bad.length)
    return {
      answer: 'yes',
      text:
        callers.length === 1
          ? `${callers[0]!.key} went out in E.164.`
          : `All ${n(callers.length)} caller numbers went out in E.164.`,
    };
  const calls = sum(bad, 'calls');
  const blocked = sum(bad, 'blocked');
  const text = `${n(calls)} calls went out with a caller ID not in E.164 (e.g. "${bad[0]!.key}"); ${n(blocked)} of them were refused.`;
  return { answer: rate(blocked, calls) >= 0.5 ? 'no' : null, text };
}

/**
 * Does a group's refusal count stand out against a comparison rate p0? The analysis's own test
 * (src/core/analysis/test-rate.ts, thresholds from data/analysis-thresholds.json), so a checklist
 * answer and a digest finding never disagree on what "stands out" means.
 */
export function stands(blocked: number, calls: number, p0: number): boolean {
  return elevated({ calls, blocked }, p0, defaultThresholds());
}

/** Groups whose refusals stand out against the rest of the slice, most blocked first. */
export function standouts(groups: readonly Counts[]): Counts[] {
  const calls = sum(groups, 'calls');
  const blocked = sum(groups, 'blocked');
  return groups.filter((g) => stands(g.blocked, g.calls, rate(blocked - g.blocked, calls - g.calls)));
}

/** Is this number refused more than the rest of the traffic in the window (`all` includes it)? */
export function numberAgainstOthers(
  me: Counts | undefined,
  focus: string,
  all: { calls: number; blocked: number },
  since: string,
): ProbeResult {
  if (!me || me.calls === 0) return { answer: null, text: `No calls from ${focus} ${since}.` };
  const ro = rate(all.blocked - me.blocked, all.calls - me.calls);
  const rm = rate(me.blocked, me.calls);
  const line = `${focus}: ${n(me.blocked)} of ${n(me.calls)} calls refused (${pct(rm)}) ${since}, against ${pct(ro)} for your other numbers.`;
  if (me.calls < minCalls()) return { answer: null, text: `${line} Only ${n(me.calls)} calls: too few to tell.` };
  return { answer: stands(me.blocked, me.calls, ro) ? 'yes' : 'no', text: line };
}

/** Do refusals concentrate on one number (the subject) or on a few numbers (an account, route or region)? */
export function byNumber(callers: readonly Counts[], focus: string | null, since: string): ProbeResult {
  const blocked = sum(callers, 'blocked');
  const calls = sum(callers, 'calls');
  if (focus) {
    const me = callers.find((c) => c.key === focus);
    if (!me || me.calls === 0) return { answer: null, text: `No calls from ${focus} ${since}.` };
    const others = callers.length - 1;
    const ro = rate(blocked - me.blocked, calls - me.calls);
    const rm = rate(me.blocked, me.calls);
    const line = `${focus}: ${n(me.blocked)} of ${n(me.calls)} calls refused (${pct(rm)}) ${since}, against ${pct(ro)} for your ${n(others)} other number${others === 1 ? '' : 's'}.`;
    if (me.calls < minCalls()) return { answer: null, text: `${line} Only ${n(me.calls)} calls: too few to tell.` };
    return { answer: stands(me.blocked, me.calls, ro) ? 'yes' : 'no', text: line };
  }
  if (blocked < minBlocked())
    return { answer: null, text: `Only ${n(blocked)} refusals ${since}: too few to see a pattern.` };
  const out = standouts(callers).slice(0, 3);
  if (!out.length)
    return {
      answer: 'no',
      text: `The ${n(blocked)} refusals ${since} are spread over ${n(callers.length)} numbers; none stands out.`,
    };
  const list = out.map((c) => `${c.key} (${n(c.blocked)} of ${n(c.calls)})`).join(', ');
  return {
    answer: 'yes',
    text: `${out.length === 1 ? 'One number stands' : `${out.length} numbers stand`} out of ${n(callers.length)}: ${list}; all numbers: ${pct(rate(blocked, calls))} refused.`,
  };
}

/**
 * Do refusals concentrate on one destination region, across numbers? `focus` is the region
 * to test (the subject), else the region that stands out most; `focusCallers` how many numbers
 * were refused calling it.
 */
export function byRegion(
  regions: readonly Counts[],
  focus: string | null,
  focusCallers: number,
  since: string,
): ProbeResult {
  const blocked = sum(regions, 'blocked');
  if (blocked < minBlocked() || !regions.length)
    return { answer: null, text: `Only ${n(blocked)} refusals ${since}: too few to see a pattern by region.` };
  const top = focus ? regions.find((r) => r.key === focus) : standouts(regions)[0];
  if (!top)
    return {
      answer: 'no',
      text: focus
        ? `No calls into ${focus} ${since}.`
        : `The ${n(blocked)} refusals are spread over ${n(regions.length)} destination regions; none stands out.`,
    };
  const rt = rate(top.blocked, top.calls);
  const ro = rate(blocked - top.blocked, sum(regions, 'calls') - top.calls);
  const line = `Calls into ${top.key}: ${n(top.blocked)} of ${n(top.calls)} refused (${pct(rt)}), from ${n(focusCallers)} number${focusCallers === 1 ? '' : 's'}; other regions: ${pct(ro)}.`;
  return { answer: stands(top.blocked, top.calls, ro) && focusCallers >= 2 ? 'yes' : 'no', text: line };
}

/** Are a number's refusals concentrated in its busiest hours? `hours` are that number's hourly counts. */
export function byVolume(hours: readonly Counts[], focus: string | null): ProbeResult {
  if (!focus) return { answer: null, text: 'No number stands out to compare busy and quiet hours.' };
  if (sum(hours, 'calls') < minCalls())
    return {
      answer: null,
      text: `${focus} placed only ${n(sum(hours, 'calls'))} calls: too few to compare busy and quiet hours.`,
    };
  if (hours.length < 4)
    return {
      answer: null,
      text: `${focus} called in only ${hours.length} hour${hours.length === 1 ? '' : 's'}: too few to compare busy and quiet hours.`,
    };
  const sorted = [...hours].sort((a, b) => b.calls - a.calls);
  const cut = sorted[Math.max(0, Math.floor(sorted.length / 4) - 1)]!.calls;
  const busy = sorted.filter((h) => h.calls >= cut);
  const quiet = sorted.filter((h) => h.calls < cut);
  const rb = rate(sum(busy, 'blocked'), sum(busy, 'calls'));
  const rq = rate(sum(quiet, 'blocked'), sum(quiet, 'calls'));
  const line = `${focus}: in its ${n(busy.length)} busiest hours (${n(cut)}+ calls an hour) ${pct(rb)} refused; in its other ${n(quiet.length)} hours ${pct(rq)}.`;
  const yes = quiet.length > 0 && rb >= 2.5 * rq && stands(sum(busy, 'blocked'), sum(busy, 'calls'), rq);
  return { answer: yes ? 'yes' : 'no', text: line };
}

export interface RouteSplit {
  route: string;
  calls: number;
  blocked: number;
  otherCalls: number;
  otherBlocked: number;
}

/** The routes that refuse this number while carrying the other numbers. */
function singling(split: readonly RouteSplit[]): RouteSplit[] {
  return split.filter((r) => stands(r.blocked, r.calls, rate(r.otherBlocked, r.otherCalls)));
}

function tooFew(split: readonly RouteSplit[], focus: string): ProbeResult | null {
  const calls = split.reduce((a, r) => a + r.calls, 0);
  return calls < minCalls()
    ? { answer: null, text: `${focus} placed only ${n(calls)} calls: too few to compare routes.` }
    : null;
}

/** Step 3: is the number refused on more than one route while other numbers there are fine? */
export function multiRoute(split: readonly RouteSplit[], focus: string | null, since: string): ProbeResult {
  if (!focus || !split.length) return { answer: null, text: 'No number stands out to compare across routes.' };
  const few = tooFew(split, focus);
  if (few) return few;
  const bad = singling(split);
  const calls = bad.reduce((a, r) => a + r.calls, 0);
  const blocked = bad.reduce((a, r) => a + r.blocked, 0);
  const others =
    bad.reduce((a, r) => a + r.otherBlocked, 0) /
    Math.max(
      1,
      bad.reduce((a, r) => a + r.otherCalls, 0),
    );
  if (bad.length >= 2) {
    return {
      answer: 'yes',
      text: `${focus}: ${n(blocked)} of ${n(calls)} calls refused on ${bad.length} of ${split.length} routes (${bad.map((r) => r.route).join(', ')}) ${since}, while other numbers on those routes are fine (${pct(others)} refused): this points to reputation.`,
    };
  }
  if (bad.length === 1)
    return {
      answer: 'no',
      text: `${focus} is singled out on one route only: ${bad[0]!.route} (${n(bad[0]!.blocked)} of ${n(bad[0]!.calls)} refused, other numbers there ${pct(others)}).`,
    };
  return {
    answer: 'no',
    text: `No route refuses ${focus} more than your other numbers (${split.map((r) => `${r.route}: ${n(r.blocked)} of ${n(r.calls)}`).join(', ')}).`,
  };
}

/** Step 3b: one route refuses the number while carrying the other numbers (carrier policy), or refuses everyone (set-up). */
export function oneRoute(split: readonly RouteSplit[], focus: string | null): ProbeResult {
  if (!focus || !split.length) return { answer: null, text: 'No number stands out to compare across routes.' };
  const few = tooFew(split, focus);
  if (few) return few;
  const bad = singling(split);
  if (bad.length === 1) {
    const b = bad[0]!;
    const elsewhere = split.filter((r) => r !== b && r.calls > 0);
    const where = elsewhere.length
      ? `; elsewhere it connects (${elsewhere.map((r) => `${r.route}: ${n(r.blocked)} of ${n(r.calls)} refused`).join(', ')})`
      : '';
    return {
      answer: 'yes',
      text: `${b.route} refuses ${focus} (${n(b.blocked)} of ${n(b.calls)}) while carrying your other numbers (${pct(rate(b.otherBlocked, b.otherCalls))} refused)${where}: carrier policy.`,
    };
  }
  if (bad.length > 1) return { answer: 'no', text: `${focus} is singled out on ${bad.length} routes, not one.` };
  const worst = [...split].sort((a, b) => rate(b.otherBlocked, b.otherCalls) - rate(a.otherBlocked, a.otherCalls))[0]!;
  const rw = rate(worst.otherBlocked, worst.otherCalls);
  if (rw >= 0.2)
    return {
      answer: 'no',
      text: `${worst.route} refuses your other numbers as much (${n(worst.otherBlocked)} of ${n(worst.otherCalls)}, ${pct(rw)}): the route's set-up, not the number.`,
    };
  return { answer: 'no', text: `No single route singles out ${focus}.` };
}

/**
 * Step 3 for a route with no number standing out on it: does this route refuse every number
 * while the other routes carry them (its set-up), or are the refusals everywhere?
 */
export function routeAlone(
  routes: readonly Counts[],
  route: string,
  callersOnRoute: readonly Counts[],
): { multi_route: ProbeResult; one_route: ProbeResult } {
  const me = routes.find((r) => r.key === route);
  const none = { answer: null, text: `No calls on ${route}.` };
  if (!me) return { multi_route: none, one_route: none };
  const oc = sum(routes, 'calls') - me.calls;
  const ob = sum(routes, 'blocked') - me.blocked;
  const refused = callersOnRoute.filter((c) => c.blocked > 0).length;
  const line = `${route}: ${n(me.blocked)} of ${n(me.calls)} calls refused (${pct(rate(me.blocked, me.calls))}), from ${n(refused)} of ${n(callersOnRoute.length)} numbers; the other routes: ${pct(rate(ob, oc))}.`;
  if (stands(me.blocked, me.calls, rate(ob, oc))) {
    return {
      multi_route: { answer: 'no', text: `${line} The refusals are on this route, not on your numbers everywhere.` },
      one_route: { answer: 'no', text: `${line} It refuses every number, not one: the route's set-up.` },
    };
  }
  return {
    multi_route: { answer: null, text: `${line} This route does not stand out.` },
    one_route: { answer: null, text: line },
  };
}

/** Step 4: did refused calls get a 18x first, or a post-dial delay of seconds? */
export function progress(p: {
  refused: number;
  withProgress: number;
  progressKnown: number;
  pdd: readonly number[];
}): ProbeResult {
  if (p.refused === 0) return { answer: null, text: 'No refusals in the window.' };
  if (p.progressKnown === 0 && p.pdd.length === 0)
    return {
      answer: null,
      text: `The ${n(p.refused)} refusals carry no 18x or post-dial delay in the records; check one call's SIP ladder.`,
    };
  const median = p.pdd.length ? p.pdd[Math.floor(p.pdd.length / 2)]! : null;
  const parts: string[] = [];
  if (p.progressKnown)
    parts.push(
      `${n(p.withProgress)} of ${n(p.progressKnown)} refusals had a 18x first (${pct(rate(p.withProgress, p.progressKnown))})`,
    );
  if (median !== null)
    parts.push(
      `median post-dial delay of the refusals ${(median / 1000).toFixed(1)} s${median >= 3000 ? '' : ' (under 3 s)'}`,
    );
  const reached =
    (p.progressKnown > 0 && rate(p.withProgress, p.progressKnown) >= 0.5) ||
    (p.progressKnown === 0 && median !== null && median >= 3000);
  const line = parts.join('; ');
  return {
    answer: reached ? 'yes' : 'no',
    text:
      line.charAt(0).toUpperCase() +
      line.slice(1) +
      (reached ? ': the calls get through to the far end before the refusal.' : ': refused before the far end rings.'),
  };
}

/** For the evidence bundle: the reason phrases of a sample, most common first. */
export function reasonSummary(calls: readonly RefusedCall[]): string {
  const m = new Map<string, number>();
  for (const c of calls) {
    const k = `${c.sipCode} ${c.sipReason ?? ''}`.trim();
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} (${v})`)
    .join(', ');
}
