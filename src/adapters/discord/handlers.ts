import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction, type Interaction, type ModalSubmitInteraction, type StringSelectMenuInteraction } from 'discord.js';
import type { Ctx, Invoker } from '../../context.js';
import type { Reply } from '../../reply.js';
import { claimInteraction, loadButtonPayload, saveButtonPayload } from '../../store/interactions.js';
import { ACK_BUDGET_MS, withinBudget } from '../shared/budget.js';
import { registrySource, type CommandSource } from '../shared/commands.js';
import { errorReply } from '../shared/error-reply.js';
import { WorkQueue } from '../shared/work-queue.js';
import { pressButton, runCommand, safely, submitModal } from '../shared/run.js';
import { discordOptionName } from './commands-json.js';
import { renderDiscordModal } from './render-modal.js';
import { DISCORD_LIMITS, parseCustomId, renderDiscord, type CustomIdFn } from './render.js';
import { toDiscordJs } from './send.js';

export interface DiscordHandlerOptions {
  ackBudgetMs?: number;
  queue?: WorkQueue;
  commands?: CommandSource;
}

type Answerable = ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction | ModalSubmitInteraction;

/** custom_id = `action|value`, or `~<id>` of a stored payload when that would pass 100 characters. */
export function storedCustomId(ctx: Ctx): CustomIdFn {
  return (action, value) => {
    const id = `${action}|${value}`;
    if (id.length <= DISCORD_LIMITS.customId) return id;
    return `~${saveButtonPayload(ctx.db, action, value, ctx.clock.now().getTime())}`;
  };
}

function readCustomId(ctx: Ctx, id: string): { action: string; value: string } | undefined {
  if (id.startsWith('~')) return loadButtonPayload(ctx.db, Number(id.slice(1)));
  return parseCustomId(id);
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
async function answer(i: Answerable, reply: Reply, ctx: Ctx, how: 'reply' | 'edit' | 'update'): Promise<void> {
  const msgs = renderDiscord(reply, storedCustomId(ctx));
  const ephemeral = reply.ephemeral === true;
  for (let n = 0; n < msgs.length; n++) {
    const opts = toDiscordJs(msgs[n]!);
    if (n === 0 && how === 'reply') await i.reply({ ...opts, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
    else if (n === 0 && how === 'edit') await i.editReply(opts);
    else if (n === 0 && how === 'update' && i.isMessageComponent()) await i.update(opts);
    else await i.followUp({ ...opts, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
  }
}

/**
 * Runs `work` (queued, see WorkQueue) and answers within Discord's 3 s: directly if it is done in
 * time (a form opens only then: showModal must be the first response), otherwise after deferring.
 */
async function respond(i: Answerable, ctx: Ctx, work: () => Promise<Reply>, opts: { slow: boolean; budget: number; queue: WorkQueue }): Promise<void> {
  let deferred = false;
  // Ephemeral must be chosen at defer time; deferred answers are shared with the channel.
  const defer = async (): Promise<void> => {
    if (deferred) return;
    deferred = true;
    await i.deferReply();
  };
  if (opts.slow) await defer();
  const pending = opts.queue.run(work, defer);
  const early = deferred ? ({ done: false } as const) : await withinBudget(pending, opts.budget);
  if (early.done && !deferred) {
    const reply = early.value;
    if (reply.modal && !i.isModalSubmit()) {
      await i.showModal(renderDiscordModal(reply.modal, storedCustomId(ctx)) as never);
      return;
    }
    await answer(i, reply, ctx, reply.replaceOriginal && i.isMessageComponent() ? 'update' : 'reply');
    return;
  }
  await defer();
  const reply = await pending;
  if (reply.modal) {
    await i.editReply({ content: 'This needs a form, but it took too long to prepare; run the command again.' });
    return;
  }
  await answer(i, reply, ctx, 'edit');
}

export function handleDiscordInteraction(ctx: Ctx, opts: DiscordHandlerOptions = {}): (i: Interaction) => Promise<void> {
  const src = opts.commands ?? registrySource;
  const budget = opts.ackBudgetMs ?? ACK_BUDGET_MS;
  const queue = opts.queue ?? new WorkQueue();
  const log = ctx.log.child({ component: 'discord' });
  return async (i) => {
    if (!i.isChatInputCommand() && !i.isButton() && !i.isStringSelectMenu() && !i.isModalSubmit()) return;
    if (!claimInteraction(ctx.db, `discord:${i.id}`, 'discord', ctx.clock.now().getTime())) return;
    const who = invoker(i);
    try {
      if (i.isChatInputCommand()) {
        if (i.commandName !== 'sip') return;
        const sub = i.options.getSubcommand(false) ?? 'help';
        const def = src.commands.find((c) => discordOptionName(c.name) === sub);
        if (!def) return await answer(i, { title: `No command ${sub}; try /sip help.`, blocks: [], ephemeral: true }, ctx, 'reply');
        const args: Record<string, string | undefined> = {};
        for (const o of def.options) {
          const v = i.options.get(discordOptionName(o.name))?.value;
          if (v !== undefined && v !== null) args[o.name] = String(v);
        }
        await respond(i, ctx, () => runCommand(ctx, who, def, args), { slow: def.slow === true, budget, queue });
      } else if (i.isButton() || i.isStringSelectMenu()) {
        // A "More actions" menu option carries the custom_id its button would have had.
        const parsed = readCustomId(ctx, i.isStringSelectMenu() ? (i.values[0] ?? '') : i.customId);
        const work = (): Promise<Reply> => (parsed ? pressButton(src, ctx, who, parsed.action, parsed.value) : safely(ctx, who, {}, () => src.runAction('', '', { ctx, invoker: who })));
        await respond(i, ctx, work, { slow: false, budget, queue });
      } else {
        const parsed = readCustomId(ctx, i.customId) ?? { action: '', value: '' };
        const values: Record<string, string> = {};
        for (const [id, f] of i.fields.fields) {
          const v = (f as { value?: unknown }).value;
          if (typeof v === 'string') values[id] = v;
        }
        await respond(i, ctx, () => submitModal(src, ctx, who, parsed.action, parsed.value, values), { slow: false, budget, queue });
      }
    } catch (err) {
      // Sending failed (Discord refused, or the token expired): tell the user if we still can.
      const r = errorReply(err, log, { interaction: i.id });
      const msg = { content: r.title, flags: MessageFlags.Ephemeral } as const;
      await (i.deferred || i.replied ? i.followUp(msg) : i.reply(msg)).catch(() => undefined);
    }
  };
}
