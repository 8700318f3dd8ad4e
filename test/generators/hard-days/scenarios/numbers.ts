import { callerNumber, callerPool, pickRoutes } from '../cast.js';
import { iso } from '../clock.js';
import { cast, sample, type Plant, type ScenarioDef } from '../scenario.js';

export const NUMBER_SCENARIOS: ScenarioDef[] = [
  {
    name: 'pool-5-of-16',
    description:
      'Five of sixteen numbers flagged at once, the five busiest (about half the calls), each refused ~40% on two or three of the four routes and fine on the rest: five reputation findings, none of them carrier_policy, no route flagged.',
    build: (ctx) => {
      const { routes, callers } = cast(ctx, 4, 16);
      const names = routes.map((r) => r.name);
      // The busiest numbers are the ones analytics engines label: together they place about half the calls.
      const plants: Plant[] = sample(ctx.rng, callers, 5).map((c) => {
        c.weight = 2 + ctx.rng();
        const on = sample(ctx.rng, names, 2 + Math.floor(ctx.rng() * 2)).sort();
        return {
          kind: 'number',
          subject: c.number,
          verdict: 'reputation',
          routes: on,
          segment: { callers: [c.number], routes: on },
          rate: 0.4,
          flavour: 'reputation',
        };
      });
      return { routes, callers, callsPerDay: 6000, plants };
    },
  },
  {
    name: 'dominant-number',
    description:
      'One number places ~70% of all calls on every route and is refused ~40% on all of them; the other numbers are fine. A reputation finding judged against the others, not against routes made mostly of itself.',
    build: (ctx) => {
      const { routes, callers } = cast(ctx, 4, 12);
      const others = callers.reduce((s, c) => s + c.weight, 0);
      const main = { number: callerNumber('713', 99), npa: '713', weight: (others * 0.7) / 0.3 };
      const on = routes.map((r) => r.name).sort();
      return {
        routes,
        callers: [...callers, main],
        callsPerDay: 6000,
        plants: [
          {
            kind: 'number',
            subject: main.number,
            verdict: 'reputation',
            routes: on,
            segment: { callers: [main.number] },
            rate: 0.4,
            flavour: 'reputation',
          },
        ],
      };
    },
  },
  {
    name: 'carrier-policy-one-route',
    description:
      'One number is refused ~75% on exactly one route and fine on the others, and that route is fine for every other number: carrier_policy on that route.',
    build: (ctx) => {
      const { routes, callers } = cast(ctx, 4, 20);
      const n = callers[Math.floor(ctx.rng() * callers.length)]!;
      n.weight = 2.5;
      const route = routes[Math.floor(ctx.rng() * 3)]!.name;
      return {
        routes,
        callers,
        callsPerDay: 6000,
        plants: [
          {
            kind: 'number',
            subject: n.number,
            verdict: 'carrier_policy',
            routes: [route],
            segment: { callers: [n.number], routes: [route] },
            rate: 0.75,
            flavour: 'carrier',
          },
        ],
      };
    },
  },
  {
    name: 'carrier-policy-owns-route',
    description:
      "A busy number sends most of its calls over the smallest route, where it places ~60% of that route's calls, and is refused ~70% there only; the route is fine for every other number. carrier_policy on the number, not configuration on the route, though the route looks ~40% refused.",
    build: (ctx) => {
      const { routes, callers } = cast(ctx, 4, 20);
      const n = callers[Math.floor(ctx.rng() * callers.length)]!;
      const small = routes.length - 1;
      // Solve for the number's weight so it carries ~60% of the smallest route.
      const others = callers.filter((c) => c !== n).reduce((s, c) => s + c.weight, 0);
      const total = routes.reduce((s, r) => s + r.weight, 0);
      const onSmall = 0.6;
      n.routeShares = routes.map((_, i) => (i === small ? onSmall : (1 - onSmall) / small));
      n.weight = (1.5 * others * (routes[small]!.weight / total)) / onSmall;
      const route = routes[small]!.name;
      return {
        routes,
        callers,
        callsPerDay: 6000,
        plants: [
          {
            kind: 'number',
            subject: n.number,
            verdict: 'carrier_policy',
            routes: [route],
            segment: { callers: [n.number], routes: [route] },
            rate: 0.7,
            flavour: 'carrier',
          },
        ],
      };
    },
  },
  {
    name: 'velocity-burst',
    description:
      'One number places four times its usual volume from 13:00 to 16:00 local and is refused ~55% in those hours only, on every route; fine the rest of the day: velocity.',
    build: (ctx) => {
      const { routes, callers } = cast(ctx, 4, 20);
      const n = callers[Math.floor(ctx.rng() * callers.length)]!;
      n.weight = 1.5;
      n.burstHours = [13, 14, 15];
      n.burst = 4;
      const fromMs = ctx.at(13);
      const toMs = ctx.at(16);
      return {
        routes,
        callers,
        callsPerDay: 6000,
        plants: [
          {
            kind: 'number',
            subject: n.number,
            verdict: 'velocity',
            began: iso(fromMs),
            recovered: iso(toMs),
            segment: { callers: [n.number], fromMs, toMs },
            rate: 0.55,
            flavour: 'velocity',
          },
        ],
      };
    },
  },
  {
    name: 'account-500-numbers',
    description:
      'A 500-number account (about 30 calls a number) where two numbers, calling a few times more than most, are refused ~55% on three of four routes: two reputation findings and none among the 498 others, though some of those will have 2-3 stray refusals by chance.',
    build: (ctx) => {
      const routes = pickRoutes(ctx.rng, 4);
      const callers = callerPool(ctx.rng, 500);
      const names = routes.map((r) => r.name);
      const plants: Plant[] = sample(ctx.rng, callers, 2).map((c) => {
        c.weight = 4;
        const on = sample(ctx.rng, names, 3).sort();
        return {
          kind: 'number',
          subject: c.number,
          verdict: 'reputation',
          routes: on,
          segment: { callers: [c.number], routes: on },
          rate: 0.55,
          flavour: 'reputation',
        };
      });
      return { routes, callers, callsPerDay: 15_000, plants };
    },
  },
];
