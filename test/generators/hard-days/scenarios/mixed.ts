import { iso } from '../clock.js';
import { cast, destinationMix, sample, type Plant, type ScenarioDef } from '../scenario.js';

export const MIXED_SCENARIOS: ScenarioDef[] = [
  {
    name: 'week-three-onsets',
    description:
      'A 7-day window whose last 48 hours hold three patterns that start at different times: calls into Jamaica (876) refused ~90% from 09:00 the day before, a number refused ~50% on two routes from 12:00 the day before, and a route refusing ~96% from 14:00 on the last day. Each is a small share of its week; all three must show, as they would in a 48-hour window.',
    build: (ctx) => {
      const { routes, callers } = cast(ctx, 4, 24);
      const [broken, ...rest] = [routes[1]!.name, routes[0]!.name, routes[2]!.name, routes[3]!.name];
      const number = callers[Math.floor(ctx.rng() * callers.length)]!;
      number.weight = 2;
      const on = sample(ctx.rng, rest, 2).sort();
      const regionFrom = ctx.at(9, 0, 1);
      const numberFrom = ctx.at(12, 0, 1);
      const routeFrom = ctx.at(14);
      const plants: Plant[] = [
        {
          kind: 'route',
          subject: broken!,
          verdict: 'configuration',
          began: iso(routeFrom),
          segment: { routes: [broken!], fromMs: routeFrom },
          rate: 0.96,
          flavour: 'routeConfig',
        },
        {
          kind: 'region',
          subject: '876',
          verdict: 'destination_policy',
          began: iso(regionFrom),
          segment: { regions: ['876'], fromMs: regionFrom },
          rate: 0.9,
          flavour: 'destination',
        },
        {
          kind: 'number',
          subject: number.number,
          verdict: 'reputation',
          routes: on,
          began: iso(numberFrom),
          segment: { callers: [number.number], routes: on, fromMs: numberFrom },
          rate: 0.5,
          flavour: 'reputation',
        },
      ];
      return {
        routes,
        callers,
        destinations: destinationMix(0.1, { '876': 0.015 }),
        callsPerDay: 5000,
        historyDays: 6,
        windowDays: 7,
        plants,
      };
    },
  },
  {
    name: 'three-causes-one-day',
    description:
      'One day with three causes at once: a route refusing ~96% from 14:00, a number refused ~75% on one other route only (carrier_policy) and a number refused ~50% on the two remaining routes (reputation). Each must be told apart from the others, and nothing else flagged.',
    build: (ctx) => {
      const { routes, callers } = cast(ctx, 4, 20);
      const names = routes.map((r) => r.name);
      const [broken, carrier, ...others] = [names[1]!, names[0]!, names[2]!, names[3]!];
      const [a, b] = sample(ctx.rng, callers, 2);
      a!.weight = 2.5;
      b!.weight = 2.5;
      const fromMs = ctx.at(14);
      const on = [...others].sort();
      return {
        routes,
        callers,
        callsPerDay: 6000,
        plants: [
          {
            kind: 'route',
            subject: broken!,
            verdict: 'configuration',
            began: iso(fromMs),
            segment: { routes: [broken!], fromMs },
            rate: 0.96,
            flavour: 'routeConfig',
          },
          {
            kind: 'number',
            subject: a!.number,
            verdict: 'carrier_policy',
            routes: [carrier!],
            segment: { callers: [a!.number], routes: [carrier!] },
            rate: 0.75,
            flavour: 'carrier',
          },
          {
            kind: 'number',
            subject: b!.number,
            verdict: 'reputation',
            routes: on,
            segment: { callers: [b!.number], routes: on },
            rate: 0.5,
            flavour: 'reputation',
          },
        ],
      };
    },
  },
];
