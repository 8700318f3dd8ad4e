import { UserError } from '../src/errors.js';
import type { CommandDef } from './types.js';

// Placeholder until the escalate feature lands; replaced by its issue's work.
export const command: CommandDef = {
  name: 'escalate',
  summary: 'escalate',
  usage: '/sip escalate',
  examples: [],
  options: [{ name: 'query', description: 'query', type: 'string', rest: true }],
  run() {
    throw new UserError('not_ready', '/sip escalate is not available in this build.');
  },
};
