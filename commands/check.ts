import { answerCheck, startCheck } from '../src/core/checklist/service.js';
import type { ActionDef, CommandDef } from './types.js';

/** `/sip check [number|route|region]`: the 403 troubleshooting checklist, step by step, with the data's answers. */
export const command: CommandDef = {
  name: 'check',
  aliases: ['checklist'],
  summary: 'Walk the 403 troubleshooting checklist for a number, route or region, step by step',
  usage: '/sip check [number|route|region]',
  examples: ['/sip check', '/sip check +12125550123', '/sip check telco-east', '/sip check 512'],
  options: [
    {
      name: 'subject',
      description: 'Caller number (E.164), route name or destination region; empty: all calls',
      type: 'string',
      rest: true,
    },
  ],
  run(args, env) {
    return startCheck(env, args.subject);
  },
};

export const actions: ActionDef[] = [
  // From `/sip 403` (value '') and digest findings (value = the finding's subject).
  { action: 'check.start', run: (value, env) => startCheck(env, value) },
  // `<walkthrough id>:<step id>:<y|n|u|b>`
  { action: 'check.answer', run: (value, env) => answerCheck(env, value) },
];
