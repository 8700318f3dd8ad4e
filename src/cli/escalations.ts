import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder: the feature that owns `sipbot escalations` replaces this file.
export function register(program: Command): void {
  program
    .command('escalations')
    .description('escalations (not in this build yet)')
    .action(() => {
      throw new UserError('not_ready', 'sipbot escalations is not available in this build yet.');
    });
}
