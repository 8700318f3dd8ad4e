import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../log.js';
import type { Reply } from '../../reply.js';
import type { ButtonIdFn } from '../shared/button-payload.js';
import { renderSlack, type SlackMessage } from './render.js';

export interface SlackDestination {
  client: WebClient;
  /** The conversation; empty for a Home tab press (answered in the user's DM with the app). */
  channel: string;
  user: string;
  threadTs?: string;
  /** Answer through the interaction's response_url (works in DMs and private channels the bot is not in). */
  respond?: RespondFn;
  /** The first message goes out in the ack itself (slash commands answered within 3 s). */
  sendFirst?: (msg: SlackMessage) => Promise<void>;
  /** Ids for "More actions" options (stored when too long); default: the plain `action|value`. */
  buttonId?: ButtonIdFn;
  log: Logger;
}

export interface UploadItem {
  file: Buffer;
  filename: string;
  title: string;
  alt_text?: string;
}

export function attachments(reply: Reply): UploadItem[] {
  return [
    ...(reply.image
      ? [{ file: reply.image.png, filename: reply.image.filename, title: reply.image.alt, alt_text: reply.image.alt }]
      : []),
    ...(reply.files ?? []).map((f) => ({ file: f.content, filename: f.filename, title: f.filename })),
  ];
}

/**
 * An ephemeral reply cannot carry files (Slack shares a file with the whole conversation), so
 * its files go to the asker's direct messages with the app, and the reply says so.
 */
function withFileNote(reply: Reply, privateFiles: boolean): Reply {
  if (!privateFiles || !attachments(reply).length) return reply;
  const names = attachments(reply)
    .map((a) => a.filename)
    .join(', ');
  return {
    ...reply,
    blocks: [...reply.blocks, { kind: 'context', text: `Sent to your direct messages with sipbot: ${names}.` }],
  };
}

/**
 * Sends a rendered Reply: the messages in order (the ack, then response_url; or chat.postMessage
 * when there is no interaction), then the image and files (files.getUploadURLExternal, the
 * upload, files.completeUploadExternal). Returns the ts of the first message when Slack gives one.
 */
export async function deliverSlack(reply: Reply, dest: SlackDestination): Promise<string | undefined> {
  const privateFiles = reply.ephemeral === true || !dest.channel;
  const msgs = renderSlack(withFileNote(reply, privateFiles), dest.buttonId);
  const responseType = reply.ephemeral ? 'ephemeral' : 'in_channel';
  const channel = dest.channel || dest.user;
  let firstTs: string | undefined;
  for (let i = 0; i < msgs.length; i++) {
    const msg = msgs[i]!;
    if (i === 0 && dest.sendFirst) await dest.sendFirst(msg);
    else if (dest.respond) {
      await dest.respond({
        response_type: responseType,
        replace_original: i === 0 && reply.replaceOriginal === true,
        text: msg.text,
        blocks: msg.blocks as never,
      });
    } else if (reply.ephemeral && dest.channel) {
      await dest.client.chat.postEphemeral({
        channel,
        user: dest.user,
        text: msg.text,
        blocks: msg.blocks as never,
        ...(dest.threadTs ? { thread_ts: dest.threadTs } : {}),
      });
    } else {
      const r = await dest.client.chat.postMessage({
        channel,
        text: msg.text,
        blocks: msg.blocks as never,
        ...(dest.threadTs ? { thread_ts: dest.threadTs } : {}),
      });
      if (i === 0 && typeof r.ts === 'string') firstTs = r.ts;
    }
  }
  const files = attachments(reply);
  if (files.length) {
    if (privateFiles) await uploadToUser(dest.client, dest.user, files, reply.title);
    else await uploadToChannel(dest, files, reply.title, firstTs);
  }
  return firstTs;
}

/** Files into the user's direct messages with the app (conversations.open needs im:write). */
export async function uploadToUser(
  client: WebClient,
  user: string,
  files: UploadItem[],
  comment: string,
): Promise<void> {
  const im = await client.conversations.open({ users: user });
  const channel = im.channel?.id;
  if (!channel) throw new Error('conversations.open returned no channel');
  await upload(client, channel, files, comment);
}

export async function upload(
  client: WebClient,
  channel: string,
  files: UploadItem[],
  comment: string,
  threadTs?: string,
): Promise<void> {
  // filesUploadV2 is getUploadURLExternal per file, the uploads, then one completeUploadExternal.
  await client.filesUploadV2({
    channel_id: channel,
    initial_comment: comment,
    file_uploads: files,
    ...(threadTs ? { thread_ts: threadTs } : {}),
  } as never);
}

/**
 * Files into the conversation (under the answer's thread when there is one). A channel the bot is
 * not in refuses them (not_in_channel): they go to the asker's direct messages instead.
 */
async function uploadToChannel(
  dest: SlackDestination,
  files: UploadItem[],
  comment: string,
  firstTs: string | undefined,
): Promise<void> {
  const thread = dest.threadTs ?? firstTs;
  try {
    await upload(dest.client, dest.channel, files, comment, thread);
  } catch (err) {
    dest.log.warn({ err, channel: dest.channel }, 'file upload to the channel failed');
    if (!dest.user) throw err;
    await uploadToUser(
      dest.client,
      dest.user,
      files,
      `${comment} (the channel refused the files: invite the bot with /invite @sipbot)`,
    );
  }
}
