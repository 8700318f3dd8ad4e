import { UserError } from '../src/errors.js';
import type { CommandDef } from './types.js';

// Placeholder until the patterns feature lands; replaced by its issue's work.
export const command: CommandDef = {
  name: 'patterns',
  summary: 'patterns',
  usage: '/sip patterns',
  examples: [],
  options: [{ name: 'query', description: 'query', type: 'string', rest: true }],
  run() {
    throw new UserError('not_ready', '/sip patterns is not available in this build.');
  },
};
