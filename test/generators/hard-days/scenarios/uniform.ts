import { callerNumber } from '../cast.js';
import { cast, sample, type ScenarioDef } from '../scenario.js';

export const UNIFORM_SCENARIOS: ScenarioDef[] = [
  {
    name: 'uniform-14-first-day',
    firstDay: true,
    description:
      'A first file: ~14% of calls refused, spread evenly over every number, route and destination, with no history: the account is unexplained and its text says "no history yet", never "baseline 0%" nor background noise.',
    build: (ctx) => {
      const { routes, callers } = cast(ctx, 4, 20);
      return {
        routes,
        callers,
        callsPerDay: 5000,
        plants: [{ kind: 'account', subject: '*', verdict: 'unexplained', segment: {}, rate: 0.14, flavour: 'mixed' }],
      };
    },
  },
  {
    name: 'first-day-small',
    firstDay: true,
    description:
      'A small first file (~1,500 calls, 12 numbers, 3 routes): one number refused ~55% on two of the three routes (reputation), and one number with 7 calls, all refused (insufficient_data). Nothing else.',
    build: (ctx) => {
      const { routes, callers } = cast(ctx, 3, 12);
      const bad = callers[Math.floor(ctx.rng() * callers.length)]!;
      bad.weight = 2;
      const on = sample(
        ctx.rng,
        routes.map((r) => r.name),
        2,
      ).sort();
      const few = { number: callerNumber('617', 77), npa: '617', weight: 0, exactCalls: 7 };
      return {
        routes,
        callers: [...callers, few],
        callsPerDay: 1500,
        plants: [
          {
            kind: 'number',
            subject: bad.number,
            verdict: 'reputation',
            routes: on,
            segment: { callers: [bad.number], routes: on },
            rate: 0.55,
            flavour: 'reputation',
          },
          {
            kind: 'number',
            subject: few.number,
            verdict: 'insufficient_data',
            segment: { callers: [few.number] },
            rate: 1,
            flavour: 'routeConfig',
          },
        ],
      };
    },
  },
];
