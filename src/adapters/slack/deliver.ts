import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../log.js';
import type { Reply } from '../../reply.js';
import { renderSlack, type SlackMessage } from './render.js';

export interface SlackDestination {
  client: WebClient;
  channel: string;
  user: string;
  threadTs?: string;
  /** Answer through the interaction's response_url (works in DMs and channels the bot is not in). */
  respond?: RespondFn;
  /** The first message goes out in the ack itself (slash commands answered within 3 s). */
  sendFirst?: (msg: SlackMessage) => Promise<void>;
  log: Logger;
}

/**
 * Sends a rendered Reply: the messages in order, then the image and files as uploads
 * (files.getUploadURLExternal + upload + files.completeUploadExternal). Returns the ts of the
 * first message when Slack gives one (chat.postMessage).
 */
export async function deliverSlack(reply: Reply, dest: SlackDestination): Promise<string | undefined> {
  const msgs = renderSlack(reply);
  const responseType = reply.ephemeral ? 'ephemeral' : 'in_channel';
  let firstTs: string | undefined;
  for (let i = 0; i < msgs.length; i++) {
    const msg = msgs[i]!;
    if (i === 0 && dest.sendFirst) await dest.sendFirst(msg);
    else if (dest.respond) {
      await dest.respond({ response_type: responseType, replace_original: i === 0 && reply.replaceOriginal === true, text: msg.text, blocks: msg.blocks as never });
    } else if (reply.ephemeral) {
      await dest.client.chat.postEphemeral({ channel: dest.channel, user: dest.user, text: msg.text, blocks: msg.blocks as never, ...(dest.threadTs ? { thread_ts: dest.threadTs } : {}) });
    } else {
      const r = await dest.client.chat.postMessage({ channel: dest.channel, text: msg.text, blocks: msg.blocks as never, ...(dest.threadTs ? { thread_ts: dest.threadTs } : {}) });
      if (i === 0 && typeof r.ts === 'string') firstTs = r.ts;
    }
  }
  await uploadAttachments(reply, dest, firstTs);
  return firstTs;
}

export interface UploadDestination {
  client: WebClient;
  channel: string;
  threadTs?: string;
  user?: string;
  log: Logger;
}

export async function uploadAttachments(reply: Reply, dest: UploadDestination, threadTs?: string): Promise<void> {
  const uploads = [
    ...(reply.image ? [{ file: reply.image.png, filename: reply.image.filename, title: reply.image.alt, alt_text: reply.image.alt }] : []),
    ...(reply.files ?? []).map((f) => ({ file: f.content, filename: f.filename, title: f.filename })),
  ];
  if (!uploads.length) return;
  if (reply.ephemeral) {
    // Slack cannot attach a file to an ephemeral message; sharing it would show it to the channel.
    dest.log.info({ files: uploads.map((u) => u.filename) }, 'ephemeral reply: attachments not uploaded');
    return;
  }
  const thread = dest.threadTs ?? threadTs;
  try {
    for (const u of uploads) {
      await dest.client.filesUploadV2({ channel_id: dest.channel, ...u, ...(thread ? { thread_ts: thread } : {}) } as never);
    }
  } catch (err) {
    // Typically not_in_channel: the text already went out; say why the chart is missing.
    dest.log.warn({ err, channel: dest.channel }, 'file upload failed');
    if (dest.user) {
      await dest.client.chat
        .postEphemeral({ channel: dest.channel, user: dest.user, text: 'The chart could not be uploaded here: invite the bot to this channel (`/invite @sipbot`).' })
        .catch(() => undefined);
    }
  }
}
