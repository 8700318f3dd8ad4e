import type { App, BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Ctx, Invoker } from '../../context.js';
import { isUserError } from '../../errors.js';
import type { Reply } from '../../reply.js';
import { claimInteraction } from '../../store/interactions.js';
import { ACK_BUDGET_MS, withinBudget } from '../shared/budget.js';
import { errorReply } from '../shared/error-reply.js';
import { WorkQueue } from '../shared/work-queue.js';
import { registrySource, type CommandSource } from '../shared/commands.js';
import { prepareText, pressButton } from '../shared/run.js';
import { deliverSlack } from './deliver.js';
import { readSlackModal, renderSlackModal } from './render-modal.js';
import { actionFromId } from './render.js';

export interface SlackHandlerOptions {
  /** How long a command may run before the ack goes out alone (default ACK_BUDGET_MS). */
  ackBudgetMs?: number;
  /** Serialises command work so acks are never stuck behind it (default: a queue of its own). */
  queue?: WorkQueue;
  /** The commands (default: commands/registry.ts). */
  commands?: CommandSource;
}

/** The first delivery of an interaction claims its key; retries and redeliveries do nothing. */
function firstDelivery(ctx: Ctx, key: string): boolean {
  return claimInteraction(ctx.db, `slack:${key}`, 'slack', ctx.clock.now().getTime());
}

function invoker(user: string, channel: string, team: string | undefined, userName?: string, threadId?: string): Invoker {
  return { platform: 'slack', userId: user, channelId: channel, ...(team ? { teamId: team } : {}), ...(userName ? { userName } : {}), ...(threadId ? { threadId } : {}) };
}

async function openModal(client: WebClient, triggerId: string, reply: Reply, channel: string, threadTs?: string): Promise<void> {
  if (!reply.modal) return;
  await client.views.open({ trigger_id: triggerId, view: renderSlackModal(reply.modal, { c: channel, ...(threadTs ? { t: threadTs } : {}) }) as never });
}

/**
 * `/sip`, buttons, modals and @-mentions. Every path acks within 3 s: fast commands answer in
 * the ack, slow ones (CommandDef.slow, or still running after the budget) ack "Working on it"
 * and answer through response_url.
 */
export function registerSlackHandlers(app: App, ctx: Ctx, opts: SlackHandlerOptions = {}): void {
  const budget = opts.ackBudgetMs ?? ACK_BUDGET_MS;
  const src = opts.commands ?? registrySource;
  const queue = opts.queue ?? new WorkQueue();
  const log = ctx.log.child({ component: 'slack' });

  app.command('/sip', async ({ command, ack, respond, client }) => {
    if (!firstDelivery(ctx, `cmd:${command.trigger_id}`)) {
      await ack();
      return;
    }
    const who = invoker(command.user_id, command.channel_id, command.team_id, command.user_name);
    const { command: def, run } = prepareText(src, ctx, who, command.text);
    const dest = { client, channel: command.channel_id, user: command.user_id, respond, log };
    let acked = false;
    const ackWorking = async (): Promise<void> => {
      if (acked) return;
      acked = true;
      await ack({ response_type: 'ephemeral', text: `Working on \`/sip ${command.text.trim()}\`…` });
    };
    if (def?.slow) await ackWorking();
    const pending = queue.run(run, ackWorking);
    const early = acked ? ({ done: false } as const) : await withinBudget(pending, budget);
    if (!early.done || acked) {
      await ackWorking();
      await send(await pending, dest, client, command.trigger_id);
      return;
    }
    const reply = early.value;
    acked = true;
    if (reply.modal) {
      await ack();
      await openModal(client, command.trigger_id, reply, command.channel_id).catch((err: unknown) => respond(slackError(err, ctx)));
      return;
    }
    await deliverSlack(reply, {
      ...dest,
      sendFirst: async (msg) => ack({ response_type: reply.ephemeral ? 'ephemeral' : 'in_channel', text: msg.text, blocks: msg.blocks as never }),
    }).catch(async (err: unknown) => respond(slackError(err, ctx)));
  });

  app.action<BlockAction<ButtonAction>>({ type: 'block_actions' }, async ({ body, ack, respond, client }) => {
    await ack();
    const act = body.actions[0];
    if (!act) return;
    if (!firstDelivery(ctx, `act:${body.trigger_id}:${act.action_ts}`)) return;
    const channel = body.channel?.id ?? body.container?.channel_id ?? '';
    const threadTs = body.message?.thread_ts as string | undefined;
    const who = invoker(body.user.id, channel, body.team?.id, body.user.username ?? body.user.name, threadTs);
    const reply = await queue.run(() => pressButton(src, ctx, who, actionFromId(act.action_id), act.value ?? ''));
    try {
      if (reply.modal) await openModal(client, body.trigger_id, reply, channel, threadTs);
      else await deliverSlack(reply, { client, channel, user: body.user.id, respond, log, ...(threadTs ? { threadTs } : {}) });
    } catch (err) {
      await respond(slackError(err, ctx));
    }
  });

  app.view({ type: 'view_submission' }, async ({ body, view, ack, client }) => {
    if (!firstDelivery(ctx, `view:${view.id}:${view.hash}`)) {
      await ack();
      return;
    }
    const { meta, values } = readSlackModal(view as never);
    const channel = meta.c ?? body.user.id;
    const who = invoker(body.user.id, channel, body.team?.id, body.user.name, meta.t);
    const pending = Promise.resolve().then(() => src.runModal(view.callback_id, meta.v, values, { ctx, invoker: who }));
    const early = await withinBudget(pending.catch((e: unknown) => e as Error), budget);
    if (early.done && isUserError(early.value)) {
      // Shown under the first input, the modal stays open for a correction.
      const firstInput = (view.blocks as Array<{ type: string; block_id?: string }>).find((b) => b.type === 'input')?.block_id;
      await ack(firstInput ? { response_action: 'errors', errors: { [firstInput]: early.value.message } } : undefined);
      return;
    }
    await ack();
    const reply = await pending.catch((e: unknown) => errorReply(e, log, { modal: view.callback_id, user: body.user.id }));
    await deliverSlack(reply, { client, channel, user: body.user.id, log, ...(meta.t ? { threadTs: meta.t } : {}) }).catch((err: unknown) =>
      log.error({ err, channel }, 'could not post the modal result'),
    );
  });

  app.event('app_mention', async ({ event, body, client }) => {
    const eventId = (body as { event_id?: string }).event_id ?? `${event.channel}:${event.ts}`;
    if (!firstDelivery(ctx, `event:${eventId}`)) return;
    const text = event.text.replace(/<@[A-Z0-9]+>/g, '').trim();
    const threadTs = event.thread_ts ?? event.ts;
    const who = invoker(event.user ?? 'unknown', event.channel, body.team_id, undefined, threadTs);
    const reply = await prepareText(src, ctx, who, text).run();
    await deliverSlack({ ...reply, ephemeral: false }, { client, channel: event.channel, user: who.userId, threadTs, log }).catch((err: unknown) =>
      log.error({ err, channel: event.channel }, 'could not answer the mention'),
    );
  });

  app.error(async (err) => {
    log.error({ err }, 'unhandled Slack error');
  });
}

async function send(reply: Reply, dest: { client: WebClient; channel: string; user: string; respond: RespondFn; log: Ctx['log'] }, client: WebClient, triggerId: string): Promise<void> {
  try {
    if (reply.modal) {
      // The trigger may have expired while the command ran; say so rather than fail silently.
      await openModal(client, triggerId, reply, dest.channel).catch(() => dest.respond({ response_type: 'ephemeral', text: 'The form took too long to prepare; run the command again.' }));
      return;
    }
    await deliverSlack(reply, dest);
  } catch (err) {
    dest.log.error({ err }, 'could not deliver a deferred reply');
    await dest.respond({ response_type: 'ephemeral', text: 'The answer could not be shown here.' }).catch(() => undefined);
  }
}

function slackError(err: unknown, ctx: Ctx): { response_type: 'ephemeral'; text: string } {
  const r = errorReply(err, ctx.log, { platform: 'slack' });
  return { response_type: 'ephemeral', text: r.title };
}
