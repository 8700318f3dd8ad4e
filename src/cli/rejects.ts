import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder: the feature that owns `sipbot rejects` replaces this file.
export function register(program: Command): void {
  program
    .command('rejects')
    .description('rejects (not in this build yet)')
    .action(() => {
      throw new UserError('not_ready', 'sipbot rejects is not available in this build yet.');
    });
}
