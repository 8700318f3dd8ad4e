import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder: the feature that owns `sipbot slack` replaces this file.
export function register(program: Command): void {
  program
    .command('slack')
    .description('slack (not in this build yet)')
    .action(() => {
      throw new UserError('not_ready', 'sipbot slack is not available in this build yet.');
    });
}
