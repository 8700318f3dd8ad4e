import type { CommandDef } from '../../../commands/types.js';
import type { Ctx, Invoker } from '../../context.js';
import type { Reply } from '../../reply.js';
import type { CommandJob } from '../../workers/protocol.js';
import { registrySource, type CommandSource } from './commands.js';
import { errorReply } from './error-reply.js';

/**
 * The adapters' one way into the commands: every outcome is a Reply, errors included
 * (a UserError as its sentence, anything else logged with a reference).
 *
 * In `serve` (ctx.workers set) the command itself runs in a database thread: the event loop
 * only parses, acks and renders. A source the threads cannot rebuild (a test's own commands)
 * runs here, on ctx.db, as everywhere outside `serve`.
 */
export function safely(
  ctx: Ctx,
  invoker: Invoker,
  what: Record<string, unknown>,
  fn: () => Promise<Reply> | Reply,
): Promise<Reply> {
  return Promise.resolve()
    .then(fn)
    .catch((e: unknown) =>
      errorReply(e, ctx.log, { platform: invoker.platform, user: invoker.userId, channel: invoker.channelId, ...what }),
    );
}

/** Runs `job` in a database thread when there are threads and they know the source; else `here`. */
function execute(
  src: CommandSource,
  ctx: Ctx,
  invoker: Invoker,
  job: CommandJob,
  here: () => Promise<Reply> | Reply,
): Promise<Reply> | Reply {
  if (ctx.workers && src.offThread) return ctx.workers.run(job, invoker, ctx.clock.now().getTime());
  return here();
}

/** What makes two requests of a `shared` command the same request. */
export function shareKey(invoker: Invoker, command: CommandDef, args: Record<string, string | undefined>): string {
  const named = Object.entries(args)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `${invoker.platform}|${command.name}|${JSON.stringify(named)}`;
}

/** Resolves `/sip <text>`; a parse error becomes a Reply too. */
export function prepareText(
  src: CommandSource,
  ctx: Ctx,
  invoker: Invoker,
  text: string,
): { command: CommandDef | undefined; run: () => Promise<Reply>; shareKey?: string } {
  let resolved: ReturnType<CommandSource['resolveText']> | undefined;
  let failure: unknown;
  try {
    resolved = src.resolveText(text);
  } catch (e) {
    failure = e;
  }
  return {
    command: resolved?.command,
    ...(resolved?.command.shared ? { shareKey: shareKey(invoker, resolved.command, resolved.args) } : {}),
    run: () =>
      safely(ctx, invoker, { text }, () => {
        if (!resolved) throw failure;
        const { command, args } = resolved;
        return execute(src, ctx, invoker, { kind: 'text', text }, () => command.run(args, { ctx, invoker }));
      }),
  };
}

/** Runs a named command with typed arguments (Discord options). */
export function runCommand(
  ctx: Ctx,
  invoker: Invoker,
  command: CommandDef,
  args: Record<string, string | undefined>,
): Promise<Reply> {
  // Off-thread only for the registry's own definition: the thread finds it again by name.
  const src = registrySource.commands.includes(command) ? registrySource : { ...registrySource, offThread: false };
  return safely(ctx, invoker, { command: command.name }, () =>
    execute(src, ctx, invoker, { kind: 'command', name: command.name, args }, () =>
      command.run(args, { ctx, invoker }),
    ),
  );
}

export function pressButton(
  src: CommandSource,
  ctx: Ctx,
  invoker: Invoker,
  action: string,
  value: string,
): Promise<Reply> {
  return safely(ctx, invoker, { action }, () =>
    execute(src, ctx, invoker, { kind: 'action', action, value }, () => src.runAction(action, value, { ctx, invoker })),
  );
}

export function submitModal(
  src: CommandSource,
  ctx: Ctx,
  invoker: Invoker,
  action: string,
  privateValue: string,
  values: Record<string, string>,
): Promise<Reply> {
  return safely(ctx, invoker, { modal: action }, () =>
    execute(src, ctx, invoker, { kind: 'modal', action, privateValue, values }, () =>
      src.runModal(action, privateValue, values, { ctx, invoker }),
    ),
  );
}
