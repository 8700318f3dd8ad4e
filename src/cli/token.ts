import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder: the feature that owns `sipbot token` replaces this file.
export function register(program: Command): void {
  program
    .command('token')
    .description('token (not in this build yet)')
    .action(() => {
      throw new UserError('not_ready', 'sipbot token is not available in this build yet.');
    });
}
