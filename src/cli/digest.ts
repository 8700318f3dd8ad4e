import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder: the feature that owns `sipbot digest` replaces this file.
export function register(program: Command): void {
  program
    .command('digest')
    .description('digest (not in this build yet)')
    .action(() => {
      throw new UserError('not_ready', 'sipbot digest is not available in this build yet.');
    });
}
