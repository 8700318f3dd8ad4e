import type { CommandEnv } from '../src/context.js';
import type { Reply } from '../src/reply.js';

/** One typed option. Discord registers these as-is; Slack and the console split text into them. */
export interface OptionDef {
  name: string;
  description: string;
  type: 'string' | 'integer';
  required?: boolean;
  choices?: Array<{ name: string; value: string }>;
  /** The last option may swallow the rest of the text (`/sip escalate +1212... calls blocked since 9am`). */
  rest?: boolean;
}

export type Args = Record<string, string | undefined>;

export type { CommandEnv };

/**
 * One chat command: `/sip <name> ...`. The same definition drives Slack's text parsing,
 * Discord's registration, the console, `/sip help` and the Slack manifest.
 */
export interface CommandDef {
  name: string;
  aliases?: string[];
  /** One line, at most 100 characters (Discord's description limit). */
  summary: string;
  usage: string;
  examples: string[];
  options: OptionDef[];
  /** Work that may take more than a second or two: adapters defer before running it. */
  slow?: boolean;
  /**
   * The answer depends only on the arguments and the data, not on who asks or where, and the
   * command stores nothing anyone sees: identical requests that arrive while one runs share its
   * answer (200 people asking `/sip 403` after an alert cost one analysis).
   */
  shared?: boolean;
  /** Text after the subcommand to arguments; default: positional split, see parseArgs(). */
  parse?(text: string): Args;
  run(args: Args, env: CommandEnv): Promise<Reply> | Reply;
}

/** A button handler. `action` is matched exactly against Button.action. */
export interface ActionDef {
  action: string;
  run(value: string, env: CommandEnv): Promise<Reply> | Reply;
}

/** A modal submission handler. `action` is matched against Modal.action. */
export interface ModalDef {
  action: string;
  run(privateValue: string, values: Record<string, string>, env: CommandEnv): Promise<Reply> | Reply;
}

/** Positional split: each option takes one word, a `rest` option takes what is left. */
export function parseArgs(options: OptionDef[], text: string): Args {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const args: Args = {};
  options.forEach((opt, i) => {
    if (i >= words.length) return;
    args[opt.name] = opt.rest || i === options.length - 1 ? words.slice(i).join(' ') : words[i];
  });
  return args;
}
