import { isChatPlatform } from '../../adapters/platforms.js';
import type { Ctx } from '../../context.js';
import { formatChannelRef, parseChannelRef } from '../../post.js';
import type { EscalationRow } from '../../store/escalations.js';
import { listPosts } from '../../store/escalations.js';
import { enqueue } from '../../store/outbox.js';
import { escalationFields } from './row-json.js';

/** What a chat delivery renders when it is sent (so an update shows the status of that moment). */
export type ChatPayload =
  | { render: 'escalation'; escalationId: number }
  | { render: 'notice'; escalationId: number; eventId: number }
  | { render: 'reminder'; escalationId: number; n: number };

/** The webhook body: frozen when the event happens. */
export function webhookBody(ctx: Ctx, e: EscalationRow, event: string, eventKey: string, withBundle: boolean): string {
  return JSON.stringify({
    event: `escalation.${event}`,
    event_id: eventKey,
    occurred_at: ctx.clock.now().toISOString(),
    escalation: {
      ...escalationFields(e),
      created_at: new Date(e.createdMs).toISOString(),
    },
    ...(withBundle ? { bundle: JSON.parse(e.bundleJson) as unknown } : {}),
  });
}

function webhook(ctx: Ctx, e: EscalationRow, event: string, eventId: number, withBundle: boolean): void {
  const url = ctx.config.escalation.webhookUrl;
  if (!url) return;
  const key = `esc-${e.id}-ev-${eventId}`;
  enqueue(
    ctx.db,
    {
      eventKey: key,
      kind: 'webhook',
      target: url,
      payload: webhookBody(ctx, e, event, key, withBundle),
      escalationId: e.id,
    },
    ctx.clock.now().getTime(),
  );
}

/** In the creating transaction: post to every escalation channel, and the webhook. */
export function enqueueCreated(ctx: Ctx, e: EscalationRow, eventId: number): void {
  const now = ctx.clock.now().getTime();
  for (const ch of ctx.config.escalation.channels) {
    const ref = parseChannelRef(ch);
    if (!ref) continue;
    const payload: ChatPayload = { render: 'escalation', escalationId: e.id };
    enqueue(
      ctx.db,
      {
        eventKey: `esc-${e.id}-post-${formatChannelRef(ref)}`,
        kind: 'chat.post',
        target: formatChannelRef(ref),
        payload: JSON.stringify(payload),
        escalationId: e.id,
      },
      now,
    );
  }
  webhook(ctx, e, 'created', eventId, true);
}

/**
 * In the transition's transaction: tell the requester (in their thread when known), update the
 * escalation's other posts in place (the pressed one is replaced by the button's own reply),
 * and the webhook.
 */
export function enqueueStatusChange(
  ctx: Ctx,
  e: EscalationRow,
  eventId: number,
  pressedIn: { platform: string; channelId: string },
): void {
  const now = ctx.clock.now().getTime();
  const platform = e.requesterPlatform;
  if (isChatPlatform(platform)) {
    const target = formatChannelRef({
      platform,
      channelId: e.channelId,
      ...(e.threadId ? { threadId: e.threadId } : {}),
    });
    const payload: ChatPayload = { render: 'notice', escalationId: e.id, eventId };
    enqueue(
      ctx.db,
      {
        eventKey: `esc-${e.id}-ev-${eventId}-notify`,
        kind: 'chat.post',
        target,
        payload: JSON.stringify(payload),
        escalationId: e.id,
      },
      now,
    );
  }
  for (const p of listPosts(ctx.db, e.id)) {
    if (p.platform === pressedIn.platform && p.channelId === pressedIn.channelId) continue;
    const payload: ChatPayload = { render: 'escalation', escalationId: e.id };
    enqueue(
      ctx.db,
      {
        eventKey: `esc-${e.id}-ev-${eventId}-update-${p.platform}:${p.channelId}`,
        kind: 'chat.update',
        target: `${p.platform}:${p.channelId}`,
        payload: JSON.stringify(payload),
        escalationId: e.id,
      },
      now,
    );
  }
  webhook(ctx, e, e.status, eventId, false);
}

/** In the reminder's transaction: a reminder in each escalation channel, threaded under the post when known. */
export function enqueueReminder(ctx: Ctx, e: EscalationRow, n: number): void {
  const now = ctx.clock.now().getTime();
  const posts = listPosts(ctx.db, e.id);
  for (const ch of ctx.config.escalation.channels) {
    const ref = parseChannelRef(ch);
    if (!ref) continue;
    const post = posts.find((p) => p.platform === ref.platform && p.channelId === ref.channelId);
    const target = formatChannelRef({ ...ref, ...(post ? { threadId: post.messageId } : {}) });
    const payload: ChatPayload = { render: 'reminder', escalationId: e.id, n };
    enqueue(
      ctx.db,
      {
        eventKey: `esc-${e.id}-remind-${n}-${formatChannelRef(ref)}`,
        kind: 'chat.post',
        target,
        payload: JSON.stringify(payload),
        escalationId: e.id,
      },
      now,
    );
  }
}
