import { callerNumber } from '../cast.js';
import { cast, destinationMix, type ScenarioDef } from '../scenario.js';

/** Area codes a carrier might bar (a state rule, a fraud block) that also hold local-presence numbers. */
const BARRABLE = ['305', '404', '602', '303', '617', '206'] as const;

export const DESTINATION_SCENARIOS: ScenarioDef[] = [
  {
    name: 'barred-area-code-local-presence',
    description:
      "Calls into one area code are refused ~88% from every number and route (destination_policy), and a local-presence number in that area code places ~3/4 of its calls there, so it looks refused ~65% on every route. Its calls elsewhere are fine and the other numbers' calls into the area code are refused too: the number must NOT be reputation.",
    build: (ctx) => {
      const { routes, callers } = cast(ctx, 4, 20);
      const npa = BARRABLE[Math.floor(ctx.rng() * BARRABLE.length)]!;
      const local = { number: callerNumber(npa, 90), npa, weight: 3, localShare: 0.75 };
      return {
        routes,
        callers: [...callers, local],
        destinations: destinationMix(0.08, { [npa]: 0.05 }),
        callsPerDay: 6000,
        plants: [
          {
            kind: 'region',
            subject: npa,
            verdict: 'destination_policy',
            segment: { regions: [npa] },
            rate: 0.88,
            flavour: 'destination',
          },
        ],
      };
    },
  },
  {
    name: 'one-area-code',
    description:
      'Every call goes into one area code (a local campaign) and ~12% of all calls are refused evenly over numbers and routes: the account is unexplained ("no history yet" on a first day), never a destination policy against other destinations that do not exist.',
    build: (ctx) => {
      const { routes, callers } = cast(ctx, 3, 16);
      const npa = ['512', '713', '214'][Math.floor(ctx.rng() * 3)]!;
      return {
        routes,
        callers,
        destinations: [{ region: npa, weight: 1 }],
        callsPerDay: 4000,
        plants: [{ kind: 'account', subject: '*', verdict: 'unexplained', segment: {}, rate: 0.12, flavour: 'mixed' }],
      };
    },
  },
];
