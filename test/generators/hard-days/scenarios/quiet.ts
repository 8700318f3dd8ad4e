import { cast, type ScenarioDef } from '../scenario.js';

export const QUIET_SCENARIOS: ScenarioDef[] = [
  {
    name: 'quiet-2pct',
    description: 'A quiet control: 2% of calls refused at random over everything, with no history. Nothing is flagged.',
    build: (ctx) => ({ ...cast(ctx, 4, 20), noise: 0.02, callsPerDay: 6000, plants: [] }),
  },
  {
    name: 'quiet-2pct-week',
    description: 'A quiet control over a 7-day window: 2% of calls refused at random every day. Nothing is flagged.',
    build: (ctx) => ({
      ...cast(ctx, 4, 20),
      noise: 0.02,
      callsPerDay: 4000,
      historyDays: 6,
      windowDays: 7,
      plants: [],
    }),
  },
  {
    name: 'quiet-2pct-la',
    description:
      'A quiet control on a Los Angeles day (crossing UTC midnight): 2% of calls refused at random. Nothing is flagged.',
    timeZone: 'America/Los_Angeles',
    build: (ctx) => ({ ...cast(ctx, 4, 20), noise: 0.02, callsPerDay: 6000, plants: [] }),
  },
  {
    name: 'dialer-mix',
    description:
      'A predictive dialer: only 1-2% of calls answered, ~50% 487 and ~30% 480, ~1% refused at random. Nothing is flagged: refusals are judged against attempts, and 480/487 are not refusals.',
    build: (ctx) => ({ ...cast(ctx, 4, 30), mix: 'dialer', noise: 0.01, callsPerDay: 8000, plants: [] }),
  },
  {
    name: 'outage-503',
    description:
      'A route answers ~85% of its calls with 503 Service Unavailable from 10:00 to 12:30 local (an outage, not a policy). Nothing is flagged.',
    build: (ctx) => {
      const c = cast(ctx, 4, 20);
      const route = c.routes[Math.floor(ctx.rng() * 3)]!.name;
      return {
        ...c,
        callsPerDay: 6000,
        plants: [],
        failures: [
          { segment: { routes: [route], fromMs: ctx.at(10), toMs: ctx.at(12, 30) }, rate: 0.85, flavour: 'outage' },
        ],
      };
    },
  },
  {
    name: 'stir-failures',
    description:
      'A route fails ~30% of its calls all day with 436/437/438 (STIR/SHAKEN identity failures: the signing is broken, not a refusal by policy). Nothing is flagged.',
    build: (ctx) => {
      const c = cast(ctx, 4, 20);
      const route = c.routes[Math.floor(ctx.rng() * 3)]!.name;
      return {
        ...c,
        callsPerDay: 6000,
        plants: [],
        failures: [{ segment: { routes: [route] }, rate: 0.3, flavour: 'stir' }],
      };
    },
  },
];
