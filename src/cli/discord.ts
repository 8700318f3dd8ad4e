import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder: the feature that owns `sipbot discord` replaces this file.
export function register(program: Command): void {
  program
    .command('discord')
    .description('discord (not in this build yet)')
    .action(() => {
      throw new UserError('not_ready', 'sipbot discord is not available in this build yet.');
    });
}
