import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder: the feature that owns `sipbot ingest` replaces this file.
export function register(program: Command): void {
  program
    .command('ingest')
    .description('ingest (not in this build yet)')
    .action(() => {
      throw new UserError('not_ready', 'sipbot ingest is not available in this build yet.');
    });
}
