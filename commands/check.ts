import { UserError } from '../src/errors.js';
import type { CommandDef } from './types.js';

// Placeholder until the check feature lands; replaced by its issue's work.
export const command: CommandDef = {
  name: 'check',
  summary: 'check',
  usage: '/sip check',
  examples: [],
  options: [{ name: 'query', description: 'query', type: 'string', rest: true }],
  run() {
    throw new UserError('not_ready', '/sip check is not available in this build.');
  },
};
