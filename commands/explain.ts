import { UserError } from '../src/errors.js';
import type { CommandDef } from './types.js';

// Placeholder until the explain feature lands; replaced by its issue's work.
export const command: CommandDef = {
  name: 'explain',
  summary: 'explain',
  usage: '/sip explain',
  examples: [],
  options: [{ name: 'query', description: 'query', type: 'string', rest: true }],
  run() {
    throw new UserError('not_ready', '/sip explain is not available in this build.');
  },
};
