import * as registry from '../../../commands/registry.js';
import type { ActionDef, Args, CommandDef, CommandEnv, ModalDef } from '../../../commands/types.js';
import { parseArgs } from '../../../commands/types.js';
import type { Reply } from '../../reply.js';

/**
 * What the adapters need from commands/: the registry by default. Passed in (never imported
 * by the handlers directly) so a test can add a command, a button or a form of its own.
 */
export interface CommandSource {
  commands: CommandDef[];
  resolveText(text: string): { command: CommandDef; args: Args };
  runAction(action: string, value: string, env: CommandEnv): Promise<Reply>;
  runModal(action: string, privateValue: string, values: Record<string, string>, env: CommandEnv): Promise<Reply>;
  /**
   * True when a database thread can rebuild this source (it imports the registry), so
   * src/adapters/shared/run.ts may run its commands there. A test's own commands stay here.
   */
  offThread?: boolean;
}

export const registrySource: CommandSource = {
  commands: registry.commands,
  resolveText: registry.resolveText,
  runAction: registry.runAction,
  runModal: registry.runModal,
  offThread: true,
};

/** The registry plus extra definitions, which win on a name clash. */
export function withExtras(
  extra: { commands?: CommandDef[]; actions?: ActionDef[]; modals?: ModalDef[] },
  base: CommandSource = registrySource,
): CommandSource {
  const cmds = extra.commands ?? [];
  return {
    commands: [...cmds, ...base.commands.filter((c) => !cmds.some((x) => x.name === c.name))],
    resolveText(text) {
      const [first = ''] = text.trim().split(/\s+/);
      const cmd = cmds.find((c) => c.name === first.toLowerCase());
      if (!cmd) return base.resolveText(text);
      const rest = text.trim().slice(first.length).trim();
      return { command: cmd, args: cmd.parse ? cmd.parse(rest) : parseArgs(cmd.options, rest) };
    },
    async runAction(action, value, env) {
      const def = extra.actions?.find((a) => a.action === action);
      return def ? def.run(value, env) : base.runAction(action, value, env);
    },
    async runModal(action, pv, values, env) {
      const def = extra.modals?.find((m) => m.action === action);
      return def ? def.run(pv, values, env) : base.runModal(action, pv, values, env);
    },
  };
}
