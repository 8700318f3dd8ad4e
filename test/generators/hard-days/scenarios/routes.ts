import { iso } from '../clock.js';
import { cast, destinationMix, type ScenarioContext, type ScenarioDef } from '../scenario.js';
import { BUSINESS_HOURS } from '../traffic.js';

/** A route that refuses ~96% of everyone's calls from `fromHour` local (an ACL or credential change). */
function brokenRoute(
  ctx: ScenarioContext,
  o: { fromHour: number; toHour?: number; history?: number; window?: number },
) {
  const { routes, callers } = cast(ctx, 4, 24);
  // Not always the biggest route: the second or third carries it, as often happens after a change.
  const route = routes[1 + Math.floor(ctx.rng() * 2)]!.name;
  const fromMs = ctx.at(o.fromHour);
  const toMs = o.toHour === undefined ? undefined : ctx.at(o.toHour);
  return {
    routes,
    callers,
    callsPerDay: 6000,
    historyDays: o.history ?? 0,
    windowDays: o.window ?? 1,
    plants: [
      {
        kind: 'route' as const,
        subject: route,
        verdict: 'configuration' as const,
        began: iso(fromMs),
        ...(toMs === undefined ? {} : { recovered: iso(toMs) }),
        segment: { routes: [route], fromMs, ...(toMs === undefined ? {} : { toMs }) },
        rate: 0.96,
        flavour: 'routeConfig' as const,
      },
    ],
  };
}

/** Evening-heavy calling: a West Coast team that dials until 21:00. */
const EVENING_HOURS = BUSINESS_HOURS.map((v, h) => (h >= 17 && h <= 21 ? v + 6 : v));

export const ROUTE_SCENARIOS: ScenarioDef[] = [
  {
    name: 'route-broken-midday',
    description:
      'A route refuses ~96% of calls from every number from 14:00 local (about 40% over the whole day); the other routes carry the same numbers fine. Numbers and the account must not be flagged for it.',
    build: (ctx) => brokenRoute(ctx, { fromHour: 14 }),
  },
  {
    name: 'route-recovered-midday',
    description:
      'A route refuses ~96% of calls from 08:00 to 12:00 local (a bad change at the start of the day, rolled back at noon) and is fine after: a configuration finding that carries both began and recovered, under 50% over the day.',
    build: (ctx) => brokenRoute(ctx, { fromHour: 8, toHour: 12 }),
  },
  {
    name: 'route-break-week',
    description:
      'The mid-day route break (from 14:00 on the last day) seen through a 7-day window: six clean days of history before it, so the route is refused on only a few % of its week.',
    build: (ctx) => brokenRoute(ctx, { fromHour: 14, history: 6, window: 7 }),
  },
  {
    name: 'route-refuses-gb',
    description:
      'A route refuses ~95% of calls into GB only (its international permission dropped); its other calls, and GB calls on the other routes, are fine. A route finding narrowed to regions ["GB"], not a GB destination policy.',
    build: (ctx) => {
      const { routes, callers } = cast(ctx, 4, 20);
      const route = routes[Math.floor(ctx.rng() * 3)]!.name;
      return {
        routes,
        callers,
        // A UK campaign: a quarter of calls go abroad, most of them to GB.
        destinations: destinationMix(0.15, { GB: 0.12 }),
        callsPerDay: 6000,
        plants: [
          {
            kind: 'route',
            subject: route,
            verdict: 'configuration',
            regions: ['GB'],
            segment: { routes: [route], regions: ['GB'] },
            rate: 0.95,
            flavour: 'international',
          },
        ],
      };
    },
  },
  {
    name: 'la-evening-route-break',
    description:
      'A Los Angeles day (08:00Z to 08:00Z next day): a route refuses ~95% of calls from 17:00 local, i.e. after UTC midnight, through the evening campaign.',
    timeZone: 'America/Los_Angeles',
    build: (ctx) => {
      const b = brokenRoute(ctx, { fromHour: 17 });
      return { ...b, hours: EVENING_HOURS, plants: b.plants.map((p) => ({ ...p, rate: 0.95 })) };
    },
  },
  {
    name: 'account-suspended',
    description:
      'Every route refuses ~97% of calls from every number from 10:00 local (the account itself was suspended): one account configuration finding, not one per route or number.',
    build: (ctx) => {
      const { routes, callers } = cast(ctx, 3, 16);
      const fromMs = ctx.at(10);
      return {
        routes,
        callers,
        callsPerDay: 5000,
        plants: [
          {
            kind: 'account',
            subject: '*',
            verdict: 'configuration',
            began: iso(fromMs),
            segment: { fromMs },
            rate: 0.97,
            flavour: 'account',
          },
        ],
      };
    },
  },
];
