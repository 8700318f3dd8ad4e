import type { Command } from 'commander';
import { UserError } from '../errors.js';

// Placeholder: the feature that owns `sipbot chat` replaces this file.
export function register(program: Command): void {
  program
    .command('chat')
    .description('chat (not in this build yet)')
    .action(() => {
      throw new UserError('not_ready', 'sipbot chat is not available in this build yet.');
    });
}
