import { UserError } from '../src/errors.js';
import type { CommandDef } from './types.js';

// Placeholder until the digest feature lands; replaced by its issue's work.
export const command: CommandDef = {
  name: 'digest',
  summary: 'digest',
  usage: '/sip digest',
  examples: [],
  options: [{ name: 'query', description: 'query', type: 'string', rest: true }],
  run() {
    throw new UserError('not_ready', '/sip digest is not available in this build.');
  },
};
