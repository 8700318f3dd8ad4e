import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder: the feature that owns `sipbot patterns` replaces this file.
export function register(program: Command): void {
  program
    .command('patterns')
    .description('patterns (not in this build yet)')
    .action(() => {
      throw new UserError('not_ready', 'sipbot patterns is not available in this build yet.');
    });
}
