import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder: the feature that owns `sipbot demo` replaces this file.
export function register(program: Command): void {
  program
    .command('demo')
    .description('demo (not in this build yet)')
    .action(() => {
      throw new UserError('not_ready', 'sipbot demo is not available in this build yet.');
    });
}
