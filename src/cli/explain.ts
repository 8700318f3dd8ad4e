import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder: the feature that owns `sipbot explain` replaces this file.
export function register(program: Command): void {
  program
    .command('explain')
    .description('explain (not in this build yet)')
    .action(() => {
      throw new UserError('not_ready', 'sipbot explain is not available in this build yet.');
    });
}
