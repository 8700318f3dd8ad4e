import type { App, BlockAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Ctx, Invoker } from '../../context.js';
import type { Modal } from '../../reply.js';
import { ACK_BUDGET_MS, withinBudget } from '../shared/budget.js';
import { registrySource, type CommandSource } from '../shared/commands.js';
import { respondInTime, type Interaction } from '../shared/respond.js';
import { prepareText, pressButton, submitModal } from '../shared/run.js';
import { nextTurn } from '../shared/turn.js';
import { WorkQueue } from '../shared/work-queue.js';
import { deliverSlack, type SlackDestination } from './deliver.js';
import { HOME_REFRESH, homeTab, registerHome, type HomeOptions } from './home.js';
import { fitSlack } from './fit.js';
import { readSlackModal, renderSlackModal, type ModalMeta } from './render-modal.js';
import { pressedAction, SLACK_LIMITS } from './render.js';
import { readButtonId, storedButtonId } from '../shared/button-payload.js';
import { dbOp } from '../../workers/ops.js';

export interface SlackHandlerOptions extends HomeOptions {
  /** How long a command may run before the ack goes out alone (default ACK_BUDGET_MS). */
  ackBudgetMs?: number;
  /** Serialises command work so acks are never stuck behind it (default: a queue of its own). */
  queue?: WorkQueue;
  /** The commands (default: commands/registry.ts). */
  commands?: CommandSource;
}

/** The first delivery of an interaction claims its key; retries and redeliveries do nothing. */
async function firstDelivery(ctx: Ctx, key: string): Promise<boolean> {
  const first = await dbOp(ctx, 'claimInteraction', `slack:${key}`, 'slack', ctx.clock.now().getTime());
  // The quick thread answers a burst of claims together: take turns again before the ack.
  await nextTurn('resume');
  return first;
}

function invoker(
  user: string,
  channel: string,
  team: string | undefined,
  userName?: string,
  threadId?: string,
): Invoker {
  return {
    platform: 'slack',
    userId: user,
    channelId: channel,
    ...(team ? { teamId: team } : {}),
    ...(userName ? { userName } : {}),
    ...(threadId ? { threadId } : {}),
  };
}

/** A form, with where to answer its submission: the channel, the thread and the response_url it came from. */
async function openModal(
  client: WebClient,
  triggerId: string,
  modal: Modal,
  meta: Omit<ModalMeta, 'v'>,
): Promise<void> {
  await client.views.open({ trigger_id: triggerId, view: renderSlackModal(modal, meta) as never });
}

function ephemeral(text: string): { response_type: 'ephemeral'; text: string } {
  return { response_type: 'ephemeral', text };
}

/**
 * `/sip`, buttons, modals, @-mentions and the Home tab. Every path acks within 3 s through the
 * shared respondInTime: fast commands answer in the ack, slow ones ack "Working on it" and
 * answer through response_url (which also reaches private channels and DMs the bot is not in).
 */
export function registerSlackHandlers(app: App, ctx: Ctx, opts: SlackHandlerOptions = {}): void {
  const budget = opts.ackBudgetMs ?? ACK_BUDGET_MS;
  const src = opts.commands ?? registrySource;
  const queue = opts.queue ?? new WorkQueue();
  const log = ctx.log.child({ component: 'slack' });
  const buttonId = storedButtonId(ctx, SLACK_LIMITS.optionValue);
  const home = opts.home === false ? undefined : homeTab(ctx, src, queue, log, opts.home);

  app.command('/sip', async ({ command, ack, respond, client }) => {
    if (!(await firstDelivery(ctx, `cmd:${command.trigger_id}`))) {
      await ack();
      return;
    }
    const who = invoker(command.user_id, command.channel_id, command.team_id, command.user_name);
    const { command: def, run, shareKey } = prepareText(src, ctx, who, command.text);
    const dest: SlackDestination = {
      client,
      channel: command.channel_id,
      user: command.user_id,
      respond,
      log,
      buttonId,
    };
    let acked = false;
    const ackOnce = async (body?: Parameters<typeof ack>[0]): Promise<void> => {
      if (acked) return;
      acked = true;
      await ack(body);
    };
    const it: Interaction = {
      answer: async (reply) => {
        await deliverSlack(fitSlack(reply), {
          ...dest,
          sendFirst: (msg) =>
            ackOnce({
              response_type: reply.ephemeral ? 'ephemeral' : 'in_channel',
              text: msg.text,
              blocks: msg.blocks as never,
            }),
        });
      },
      defer: () => ackOnce(ephemeral(`Working on \`/sip ${command.text.trim()}\`…`)),
      answerLate: async (reply) => void (await deliverSlack(fitSlack(reply), dest)),
      openForm: async (modal) => {
        await ackOnce();
        await openModal(client, command.trigger_id, modal, { c: command.channel_id, r: command.response_url });
      },
      fail: async (text) => (acked ? void (await respond(ephemeral(text))) : ackOnce(ephemeral(text))),
    };
    await respondInTime(it, run, {
      slow: def?.slow === true,
      budget,
      queue,
      log,
      where: { command: command.text },
      ...(shareKey ? { shareKey } : {}),
    });
  });

  // Buttons and overflow menus, in messages and in the Home tab.
  app.action<BlockAction>({ type: 'block_actions' }, async ({ body, ack, respond, client }) => {
    await ack();
    const act = body.actions[0] as (Parameters<typeof pressedAction>[0] & { action_ts?: string }) | undefined;
    const pressed = act ? await pressedAction(act, (id) => readButtonId(ctx, id)) : undefined;
    if (!pressed || !(await firstDelivery(ctx, `act:${body.trigger_id}:${act?.action_ts ?? ''}`))) return;
    const fromHome = body.container?.type === 'view';
    if (pressed.action === HOME_REFRESH) {
      await home
        ?.publish(client, body.user.id, body.team?.id)
        .catch((err: unknown) => log.error({ err }, 'could not refresh the Home tab'));
      return;
    }
    // A Home tab press has no channel and no response_url: it is answered in the app's DM.
    const channel = body.channel?.id ?? body.container?.channel_id ?? '';
    const threadTs = body.message?.thread_ts as string | undefined;
    const who = invoker(
      body.user.id,
      channel || body.user.id,
      body.team?.id,
      body.user.username ?? body.user.name,
      threadTs,
    );
    const responseUrl = (body as { response_url?: string }).response_url;
    const dest: SlackDestination = {
      client,
      channel,
      user: body.user.id,
      log,
      buttonId,
      ...(responseUrl ? { respond } : {}),
      ...(threadTs ? { threadTs } : {}),
    };
    const it: Interaction = {
      answer: async (reply) => void (await deliverSlack(fitSlack(reply), dest)),
      defer: async () => undefined,
      answerLate: async (reply) => void (await deliverSlack(fitSlack(reply), dest)),
      openForm: (modal) =>
        openModal(client, body.trigger_id, modal, {
          ...(channel ? { c: channel } : {}),
          ...(threadTs ? { t: threadTs } : {}),
          ...(responseUrl ? { r: responseUrl } : {}),
        }),
      fail: (text) => notify(dest, text),
    };
    await respondInTime(it, () => pressButton(src, ctx, who, pressed.action, pressed.value), {
      budget,
      queue,
      log,
      where: { action: pressed.action },
    });
    // What a Home tab button changed (an escalation acknowledged) shows there at once.
    if (fromHome)
      await home
        ?.publish(client, body.user.id, body.team?.id)
        .catch((err: unknown) => log.warn({ err }, 'could not refresh the Home tab'));
  });

  app.view({ type: 'view_submission' }, async ({ body, view, ack, client }) => {
    const key = `view:${view.id}:${view.hash}`;
    if (!(await firstDelivery(ctx, key))) {
      await ack();
      return;
    }
    const { meta, values } = readSlackModal(view as never);
    const channel = meta.c ?? '';
    const who = invoker(body.user.id, channel || body.user.id, body.team?.id, body.user.name, meta.t);
    const pending = queue.run(() => submitModal(src, ctx, who, view.callback_id, meta.v, values));
    const early = await withinBudget(pending, budget);
    if (early.done && early.value.problem?.kind === 'user') {
      // Shown under the first input; the modal stays open, and the corrected resubmission (same
      // view id and hash) must run, so the key is given back.
      await dbOp(ctx, 'releaseInteraction', `slack:${key}`);
      const firstInput = (view.blocks as Array<{ type: string; block_id?: string }>).find(
        (b) => b.type === 'input',
      )?.block_id;
      await ack(firstInput ? { response_action: 'errors', errors: { [firstInput]: early.value.title } } : undefined);
      return;
    }
    await ack();
    const reply = await pending;
    const respond = meta.r ? responder(meta.r) : undefined;
    await deliverSlack(fitSlack(reply), {
      client,
      channel,
      user: body.user.id,
      log,
      buttonId,
      ...(meta.t ? { threadTs: meta.t } : {}),
      ...(respond ? { respond } : {}),
    }).catch((err: unknown) => log.error({ err, channel }, 'could not post the modal result'));
  });

  app.event('app_mention', async ({ event, body, client }) => {
    const eventId = (body as { event_id?: string }).event_id ?? `${event.channel}:${event.ts}`;
    if (!(await firstDelivery(ctx, `event:${eventId}`))) return;
    const text = event.text.replace(/<@[A-Z0-9]+>/g, '').trim();
    const threadTs = event.thread_ts ?? event.ts;
    const who = invoker(event.user ?? 'unknown', event.channel, body.team_id, undefined, threadTs);
    const reply = await queue.run(() => prepareText(src, ctx, who, text).run());
    await deliverSlack(fitSlack({ ...reply, ephemeral: false }), {
      client,
      channel: event.channel,
      user: who.userId,
      threadTs,
      log,
      buttonId,
    }).catch((err: unknown) => log.error({ err, channel: event.channel }, 'could not answer the mention'));
  });

  if (home) registerHome(app, home, log);

  app.error(async (err) => {
    log.error({ err }, 'unhandled Slack error');
  });
}

/** A response_url kept in a form's metadata, posted to as Bolt's respond() does. */
function responder(url: string): RespondFn {
  return async (msg) => {
    const body = typeof msg === 'string' ? { text: msg } : msg;
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`response_url answered ${r.status}`);
  };
}

async function notify(dest: SlackDestination, text: string): Promise<void> {
  if (dest.respond) await dest.respond(ephemeral(text));
  else await dest.client.chat.postMessage({ channel: dest.user, text });
}
