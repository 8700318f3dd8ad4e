import type { CommandDef } from '../../../commands/types.js';
import type { Ctx, Invoker } from '../../context.js';
import type { Reply } from '../../reply.js';
import type { CommandSource } from './commands.js';
import { errorReply } from './error-reply.js';

/**
 * The adapters' one way into the commands: every outcome is a Reply, errors included
 * (a UserError as its sentence, anything else logged with a reference).
 */
export function safely(ctx: Ctx, invoker: Invoker, what: Record<string, unknown>, fn: () => Promise<Reply> | Reply): Promise<Reply> {
  return Promise.resolve()
    .then(fn)
    .catch((e: unknown) => errorReply(e, ctx.log, { platform: invoker.platform, user: invoker.userId, channel: invoker.channelId, ...what }));
}

/** Resolves `/sip <text>`; a parse error becomes a Reply too. */
export function prepareText(src: CommandSource, ctx: Ctx, invoker: Invoker, text: string): { command: CommandDef | undefined; run: () => Promise<Reply> } {
  let resolved: ReturnType<CommandSource['resolveText']> | undefined;
  let failure: unknown;
  try {
    resolved = src.resolveText(text);
  } catch (e) {
    failure = e;
  }
  return {
    command: resolved?.command,
    run: () =>
      safely(ctx, invoker, { text }, () => {
        if (!resolved) throw failure;
        return resolved.command.run(resolved.args, { ctx, invoker });
      }),
  };
}

/** Runs a named command with typed arguments (Discord options). */
export function runCommand(ctx: Ctx, invoker: Invoker, command: CommandDef, args: Record<string, string | undefined>): Promise<Reply> {
  return safely(ctx, invoker, { command: command.name }, () => command.run(args, { ctx, invoker }));
}

export function pressButton(src: CommandSource, ctx: Ctx, invoker: Invoker, action: string, value: string): Promise<Reply> {
  return safely(ctx, invoker, { action }, () => src.runAction(action, value, { ctx, invoker }));
}

export function submitModal(src: CommandSource, ctx: Ctx, invoker: Invoker, action: string, privateValue: string, values: Record<string, string>): Promise<Reply> {
  return safely(ctx, invoker, { modal: action }, () => src.runModal(action, privateValue, values, { ctx, invoker }));
}
