import { Command, CommanderError } from 'commander';
import { isUserError, UsageError } from '../errors.js';
import { register as registerAlerts } from './alerts.js';
import { register as registerCalls } from './calls.js';
import { register as registerChat } from './chat.js';
import { register as registerDemo } from './demo.js';
import { register as registerDigest } from './digest.js';
import { register as registerDiscord } from './discord.js';
import { register as registerEscalations } from './escalations.js';
import { register as registerExplain } from './explain.js';
import { register as registerIngest } from './ingest.js';
import { register as registerNumber } from './number.js';
import { register as registerPatterns } from './patterns.js';
import { register as registerRedress } from './redress.js';
import { register as registerRejects } from './rejects.js';
import { register as registerServe } from './serve.js';
import { register as registerSlack } from './slack.js';
import { register as registerToken } from './token.js';

export function buildProgram(): Command {
  const program = new Command('sipbot')
    .description('Find out why outbound calls fail with SIP 403, where your team works.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of [
    registerIngest,
    registerExplain,
    registerDigest,
    registerPatterns,
    registerCalls,
    registerNumber,
    registerRedress,
    registerAlerts,
    registerServe,
    registerChat,
    registerDemo,
    registerRejects,
    registerEscalations,
    registerToken,
    registerSlack,
    registerDiscord,
  ]) {
    register(program);
  }
  // Every subcommand: --db, exit 2 on bad usage (via exitOverride below).
  for (const cmd of program.commands) applyCommon(cmd);
  return program;
}

function applyCommon(cmd: Command): void {
  cmd.exitOverride().showHelpAfterError('(run with --help for usage)');
  if (!cmd.options.some((o) => o.long === '--db')) {
    cmd.option('--db <path>', 'database file (default $SIPBOT_DB, else data/sipbot.db)');
  }
  for (const sub of cmd.commands) applyCommon(sub);
}

/** Runs the CLI; resolves to the exit status (0 ok, 1 failure explained on stderr, 2 bad usage). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      // `sipbot`, `sipbot slack`, `sipbot token`: commander printed the help because a command is missing.
      if (e.code === 'commander.help') return e.exitCode === 0 ? 0 : 2;
      return 2;
    }
    if (isUserError(e)) {
      process.stderr.write(`sipbot: ${e.message}\n`);
      for (const h of e.hints) process.stderr.write(`  ${h}\n`);
      if (e instanceof UsageError) {
        process.stderr.write('(run with --help for usage)\n');
        return 2;
      }
      return 1;
    }
    const err = e as Error;
    process.stderr.write(`sipbot: ${err.message ?? String(e)}\n`);
    if (process.env.SIPBOT_DEBUG) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
