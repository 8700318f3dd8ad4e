import {
  MessageFlags,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import type { Ctx, Invoker } from '../../context.js';
import type { Reply } from '../../reply.js';
import { dbOp } from '../../workers/ops.js';
import { readButtonId, storedButtonId } from '../shared/button-payload.js';
import { registrySource, type CommandSource } from '../shared/commands.js';
import { respondInTime, type Interaction as Answerable } from '../shared/respond.js';
import { pressButton, runCommand, shareKey, submitModal } from '../shared/run.js';
import { WorkQueue } from '../shared/work-queue.js';
import { discordOptionName } from './commands-json.js';
import { fitDiscord } from './fit.js';
import { renderDiscordModal } from './render-modal.js';
import { DISCORD_LIMITS, MORE_SELECT_ID, renderDiscord, type CustomIdFn } from './render.js';
import { toDiscordJs } from './send.js';

export interface DiscordHandlerOptions {
  ackBudgetMs?: number;
  queue?: WorkQueue;
  commands?: CommandSource;
}

type Pressed = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

/** custom_id = `action|value`, or `~<id>` of a stored payload when that would pass 100 characters. */
export function storedCustomId(ctx: Ctx): CustomIdFn {
  return storedButtonId(ctx, DISCORD_LIMITS.customId);
}

function invoker(i: Interaction): Invoker {
  return {
    platform: 'discord',
    userId: i.user.id,
    userName: i.user.username,
    channelId: i.channelId ?? '',
    ...(i.guildId ? { teamId: i.guildId } : {}),
  };
}

/**
 * Sends a Reply as the interaction's answer: the first message as the reply (or the edit of a
 * deferred reply, or the update of the pressed message), the rest as follow-ups.
 */
async function send(i: Pressed, reply: Reply, ctx: Ctx, how: 'reply' | 'edit' | 'update'): Promise<void> {
  const msgs = renderDiscord(fitDiscord(reply), storedCustomId(ctx));
  const flags = reply.ephemeral ? { flags: MessageFlags.Ephemeral } : {};
  for (let n = 0; n < msgs.length; n++) {
    const opts = toDiscordJs(msgs[n]!);
    if (n === 0 && how === 'reply') await i.reply({ ...opts, ...flags } as never);
    else if (n === 0 && how === 'edit') await i.editReply(opts);
    else if (n === 0 && how === 'update' && (i.isButton() || i.isStringSelectMenu())) await i.update(opts);
    else await i.followUp({ ...opts, ...flags } as never);
  }
}

/** The Discord side of the shared 3-second orchestration (shared/respond.ts). */
function answerable(i: Pressed, ctx: Ctx): Answerable {
  return {
    answer: (reply) =>
      send(i, reply, ctx, reply.replaceOriginal && (i.isButton() || i.isStringSelectMenu()) ? 'update' : 'reply'),
    // Ephemeral must be chosen at defer time; deferred answers are shared with the channel.
    defer: async () => void (await i.deferReply()),
    answerLate: (reply) => send(i, reply, ctx, 'edit'),
    openForm: async (modal) => {
      if (i.isModalSubmit()) throw new Error('a form cannot open another form');
      await i.showModal(renderDiscordModal(modal, storedCustomId(ctx)) as never);
    },
    fail: async (text) => {
      const msg = { content: text, flags: MessageFlags.Ephemeral } as const;
      await (i.deferred || i.replied ? i.followUp(msg) : i.reply(msg));
    },
  };
}

export function handleDiscordInteraction(
  ctx: Ctx,
  opts: DiscordHandlerOptions = {},
): (i: Interaction) => Promise<void> {
  const src = opts.commands ?? registrySource;
  const queue = opts.queue ?? new WorkQueue();
  const log = ctx.log.child({ component: 'discord' });
  const respond = (i: Pressed, work: () => Promise<Reply>, slow = false, shareKey?: string): Promise<void> =>
    respondInTime(answerable(i, ctx), work, {
      slow,
      queue,
      log,
      where: { interaction: i.id },
      ...(shareKey ? { shareKey } : {}),
      ...(opts.ackBudgetMs ? { budget: opts.ackBudgetMs } : {}),
    });
  return async (i) => {
    if (!i.isChatInputCommand() && !i.isButton() && !i.isStringSelectMenu() && !i.isModalSubmit()) return;
    if (!(await dbOp(ctx, 'claimInteraction', `discord:${i.id}`, 'discord', ctx.clock.now().getTime()))) return;
    const who = invoker(i);
    if (i.isChatInputCommand()) {
      if (i.commandName !== 'sip') return;
      const sub = i.options.getSubcommand(false) ?? 'help';
      const def = src.commands.find((c) => discordOptionName(c.name) === sub);
      if (!def)
        return respond(i, async () => ({ title: `No command ${sub}; try /sip help.`, blocks: [], ephemeral: true }));
      const args: Record<string, string | undefined> = {};
      for (const o of def.options) {
        const v = i.options.get(discordOptionName(o.name))?.value;
        if (v !== undefined && v !== null) args[o.name] = String(v);
      }
      return respond(
        i,
        () => runCommand(ctx, who, def, args),
        def.slow === true,
        def.shared ? shareKey(who, def, args) : undefined,
      );
    }
    if (i.isButton() || i.isStringSelectMenu()) {
      const id = i.isStringSelectMenu() && i.customId.startsWith(MORE_SELECT_ID) ? (i.values[0] ?? '') : i.customId;
      const parsed = (await readButtonId(ctx, id)) ?? { action: '', value: '' };
      return respond(i, () => pressButton(src, ctx, who, parsed.action, parsed.value));
    }
    const parsed = (await readButtonId(ctx, i.customId)) ?? { action: '', value: '' };
    const values: Record<string, string> = {};
    for (const [id, f] of i.fields.fields) {
      const v = (f as { value?: unknown }).value;
      if (typeof v === 'string') values[id] = v;
    }
    return respond(i, () => submitModal(src, ctx, who, parsed.action, parsed.value, values));
  };
}
