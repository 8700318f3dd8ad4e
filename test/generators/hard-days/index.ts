import { createRng } from '../../../src/core/demo/rng.js';
import { addDays, dayBounds, iso, localTime } from './clock.js';
import { destinationMix, type Plant, type ScenarioContext, type ScenarioDef } from './scenario.js';
import { DESTINATION_SCENARIOS } from './scenarios/destinations.js';
import { MIXED_SCENARIOS } from './scenarios/mixed.js';
import { NUMBER_SCENARIOS } from './scenarios/numbers.js';
import { QUIET_SCENARIOS } from './scenarios/quiet.js';
import { ROUTE_SCENARIOS } from './scenarios/routes.js';
import { UNIFORM_SCENARIOS } from './scenarios/uniform.js';
import { BUSINESS_HOURS as BUSINESS, generateTraffic } from './traffic.js';
import type { GeneratedScenario, Planted, ScenarioOptions, Segment } from './types.js';

export type { GeneratedScenario, Planted, ScenarioOptions, Segment, Verdict, Kind } from './types.js';
export { VERDICTS } from './types.js';
export { inSegment } from './segment.js';
export { compareFindings, type FindingLike } from './compare.js';
export { subjectTotals } from './figures.js';
export { refusals } from './check.js';

/** Every hard day, one list. */
export const SCENARIOS: readonly ScenarioDef[] = [
  ...ROUTE_SCENARIOS,
  ...NUMBER_SCENARIOS,
  ...DESTINATION_SCENARIOS,
  ...UNIFORM_SCENARIOS,
  ...MIXED_SCENARIOS,
  ...QUIET_SCENARIOS,
];

export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);

/** A stable number from a name, so each scenario has its own random stream for a seed. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * One hard day: its calls (exactly what `insertCalls` takes), what is planted in them and what
 * must stay quiet. Deterministic: the same name, seed, day and zone give the same calls.
 */
export function generateScenario(name: string, opts: ScenarioOptions): GeneratedScenario {
  const def = SCENARIOS.find((s) => s.name === name);
  if (!def) throw new Error(`hard-days: no scenario "${name}" (known: ${SCENARIO_NAMES.join(', ')})`);
  const timeZone = opts.timeZone ?? def.timeZone ?? 'UTC';
  const seed = (hash(name) ^ Math.imul(opts.seed, 2654435761)) >>> 0;
  const rng = createRng(seed);
  const ctx: ScenarioContext = {
    rng,
    at: (hour, minute = 0, daysBefore = 0) => localTime(addDays(opts.day, -daysBefore), timeZone, hour, minute),
  };
  const b = def.build(ctx);
  const day = dayBounds(opts.day, timeZone);
  // A first day stays a first day; any other day can be given clean history before it.
  const history = Math.max(b.historyDays ?? 0, def.firstDay ? 0 : (opts.historyDays ?? 0));
  const windowDays = b.windowDays ?? 1;
  const volume = opts.volume ?? 1;
  const noise = b.noise ?? 0.004 + rng() * 0.011;
  const days = [];
  for (let k = history; k >= 0; k--) {
    // History days vary by +-10% around the day's volume, as real weeks do.
    const jitter = k === 0 ? 1 : 0.9 + rng() * 0.2;
    days.push({ day: addDays(opts.day, -k), calls: Math.round(b.callsPerDay * volume * jitter) });
  }
  // A plant (or failure) with no time bounds covers the day itself, never the history before it.
  const onDay = (s: Segment): Segment => ({ ...s, fromMs: s.fromMs ?? day.from, toMs: s.toMs ?? day.to });
  // With no history the account is judged against the noise floor, and says so.
  const firstDayWords = (p: Plant): { says?: string } =>
    history === 0 && p.kind === 'account' && p.verdict === 'unexplained' ? { says: 'no history yet' } : {};
  const planted: Planted[] = b.plants.map((plant) => {
    const { flavour: _flavour, ...p } = plant;
    return { ...p, ...firstDayWords(plant), segment: onDay(p.segment) };
  });
  const calls = generateTraffic(
    {
      tag: `${name}-s${opts.seed}`,
      timeZone,
      routes: b.routes,
      callers: b.callers,
      destinations: b.destinations ?? destinationMix(0.1),
      mix: b.mix ?? 'business',
      noise,
      hours: b.hours ?? BUSINESS,
      days,
      plants: b.plants.map((p, i) => ({ segment: planted[i]!.segment, rate: p.rate, flavour: p.flavour })),
      failures: (b.failures ?? []).map((f) => ({ ...f, segment: onDay(f.segment) })),
    },
    (seed ^ 0x5bd1e995) >>> 0,
  );
  const plantedSubjects = new Set(planted.map((p) => p.subject));
  const subjects = new Set<string>(['*']);
  for (const c of calls) {
    subjects.add(c.caller);
    subjects.add(c.route);
    subjects.add(c.calleeRegion);
  }
  const list = planted.map((p) => `${p.kind} ${p.subject}: ${p.verdict}`).join('; ');
  return {
    name,
    description: `${def.description} Planted: ${list || 'nothing'}.`,
    period: { from: iso(dayBounds(addDays(opts.day, -(windowDays - 1)), timeZone).from), to: iso(day.to), timeZone },
    calls,
    planted,
    quiet: [...subjects].filter((s) => !plantedSubjects.has(s)).sort(),
    noise,
  };
}
