import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder: the feature that owns `sipbot serve` replaces this file.
export function register(program: Command): void {
  program
    .command('serve')
    .description('serve (not in this build yet)')
    .action(() => {
      throw new UserError('not_ready', 'sipbot serve is not available in this build yet.');
    });
}
