import { UserError } from '../src/errors.js';
import type { Reply } from '../src/reply.js';
import * as alerts from './alerts.js';
import * as calls from './calls.js';
import * as check from './check.js';
import * as digest from './digest.js';
import * as escalate from './escalate.js';
import * as escalations from './escalations.js';
import * as explain from './explain.js';
import * as help from './help.js';
import * as number from './number.js';
import * as patterns from './patterns.js';
import * as redress from './redress.js';
import * as status from './status.js';
import { parseArgs, type ActionDef, type Args, type CommandDef, type CommandEnv, type ModalDef } from './types.js';

/** A command file: its command and the buttons and forms it answers. */
export interface CommandModule {
  command: CommandDef;
  actions?: ActionDef[];
  modals?: ModalDef[];
}

/**
 * Every `/sip` subcommand, in the order help lists them: ONE list. Buttons and forms come with
 * their command file, so a command cannot be added without its buttons.
 */
export const modules: CommandModule[] = [
  status,
  explain,
  patterns,
  calls,
  number,
  redress,
  digest,
  alerts,
  check,
  escalate,
  escalations,
  help,
];

export const commands: CommandDef[] = modules.map((m) => m.command);
export const actions: ActionDef[] = modules.flatMap((m) => m.actions ?? []);
export const modals: ModalDef[] = modules.flatMap((m) => m.modals ?? []);

export function findCommand(name: string): CommandDef | undefined {
  const n = name.toLowerCase();
  return commands.find((c) => c.name === n || c.aliases?.includes(n));
}

/**
 * Resolves `/sip <text>`: a known subcommand, else `explain` (so `/sip 403` and
 * `/sip SIP/2.0 603 Network Blocked` work), else help when empty.
 */
export function resolveText(text: string): { command: CommandDef; args: Args } {
  const trimmed = text.trim();
  if (!trimmed) return { command: help.command, args: {} };
  const [first = ''] = trimmed.split(/\s+/);
  const rest = trimmed.slice(first.length).trim();
  const cmd = findCommand(first);
  if (cmd) return { command: cmd, args: cmd.parse ? cmd.parse(rest) : parseArgs(cmd.options, rest) };
  return { command: explain.command, args: explain.command.parse ? explain.command.parse(trimmed) : { code: trimmed } };
}

export async function runText(text: string, env: CommandEnv): Promise<Reply> {
  const { command, args } = resolveText(text);
  return command.run(args, env);
}

export async function runAction(action: string, value: string, env: CommandEnv): Promise<Reply> {
  const def = actions.find((a) => a.action === action);
  if (!def) throw new UserError('action.unknown', 'That button has expired or is no longer supported.');
  return def.run(value, env);
}

export async function runModal(
  action: string,
  privateValue: string,
  values: Record<string, string>,
  env: CommandEnv,
): Promise<Reply> {
  const def = modals.find((m) => m.action === action);
  if (!def) throw new UserError('modal.unknown', 'That form has expired; run the command again.');
  return def.run(privateValue, values, env);
}
