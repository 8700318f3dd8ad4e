/**
 * The Slack Web API methods the fake serves, over the fake's state. Each returns Slack's JSON:
 * `{ok:true,...}` or `{ok:false,error}` with the error code Slack documents for that failure.
 */
import { randomBytes } from 'node:crypto';
import { validateBlocks, validateView } from './slack-blocks.js';
import type { ApiCall, FakeMessage } from './slack-fake.js';

type J = Record<string, unknown>;

export const TRIGGER_TTL_MS = 3000;

export interface WebApiState {
  calls: ApiCall[];
  messages: FakeMessage[];
  triggers: Map<string, { issued: number; used: boolean }>;
  uploads: Map<string, { filename: string; length: number; bytes?: Buffer }>;
  views: J[];
  homes: Array<{ user: string; view: J }>;
  /** Private channels and DMs the bot is not a member of: Slack answers channel_not_found there. */
  notIn: Set<string>;
}

export function slackWebApi(
  state: WebApiState,
  ids: { teamId: string; nextTs: () => string },
): (method: string, args: J, token: string | undefined, base: string) => J {
  const { teamId, nextTs } = ids;
  return (method, args, token, base) => {
    const fail = (error: string): J => ({ ok: false, error });
    if (method === 'apps.connections.open') {
      if (!token?.startsWith('xapp-')) return fail('invalid_auth');
      return {
        ok: true,
        url: `${base.replace('http', 'ws')}/link/?ticket=${randomBytes(6).toString('hex')}&app_id=A0SIPBOT`,
      };
    }
    if (!token) return fail('not_authed');
    if (!token.startsWith('xoxb-')) return fail('invalid_auth');
    const msgCheck = (): string | null => {
      if (!args.channel || state.notIn.has(String(args.channel))) return 'channel_not_found';
      if (!args.text && !args.blocks) return 'no_text';
      if (args.blocks !== undefined) {
        const p = validateBlocks(args.blocks);
        if (p) return p === 'msg_blocks_too_long' ? p : 'invalid_blocks';
      }
      if (typeof args.text === 'string' && args.text.length > 40_000) return 'msg_too_long';
      return null;
    };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://sipbot-test.slack.com/',
          team: 'Sipbot Test',
          user: 'sipbot',
          team_id: teamId,
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
          is_enterprise_install: false,
        };
      case 'chat.postMessage': {
        const p = msgCheck();
        if (p) return fail(p);
        const m: FakeMessage = { channel: String(args.channel), ts: nextTs(), user: 'U0BOT' };
        if (typeof args.text === 'string') m.text = args.text;
        if (Array.isArray(args.blocks)) m.blocks = args.blocks as J[];
        if (typeof args.thread_ts === 'string') m.thread_ts = args.thread_ts;
        state.messages.push(m);
        return {
          ok: true,
          channel: m.channel,
          ts: m.ts,
          message: {
            type: 'message',
            text: m.text ?? '',
            user: 'U0BOT',
            bot_id: 'B0BOT',
            ts: m.ts,
            blocks: m.blocks ?? [],
          },
        };
      }
      case 'chat.postEphemeral': {
        const p = msgCheck();
        if (p) return fail(p);
        if (!args.user) return fail('user_not_in_channel');
        const m: FakeMessage = {
          channel: String(args.channel),
          ts: nextTs(),
          user: String(args.user),
          ephemeral: true,
        };
        if (typeof args.text === 'string') m.text = args.text;
        if (Array.isArray(args.blocks)) m.blocks = args.blocks as J[];
        state.messages.push(m);
        return { ok: true, message_ts: m.ts };
      }
      case 'chat.update': {
        const m = state.messages.find((x) => x.channel === args.channel && x.ts === args.ts);
        if (!m) return fail('message_not_found');
        const p = msgCheck();
        if (p) return fail(p);
        if (typeof args.text === 'string') m.text = args.text;
        if (Array.isArray(args.blocks)) m.blocks = args.blocks as J[];
        m.edited = (m.edited ?? 0) + 1;
        return { ok: true, channel: m.channel, ts: m.ts, text: m.text ?? '' };
      }
      case 'views.open': {
        const t = state.triggers.get(String(args.trigger_id ?? ''));
        if (!t) return fail('invalid_trigger_id');
        if (t.used || Date.now() - t.issued > TRIGGER_TTL_MS) return fail('expired_trigger_id');
        const p = validateView(args.view);
        if (p) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: [p] } };
        t.used = true;
        const view = {
          ...(args.view as J),
          id: 'V' + randomBytes(4).toString('hex').toUpperCase(),
          hash: randomBytes(4).toString('hex'),
        };
        state.views.push(view);
        return { ok: true, view };
      }
      case 'conversations.open': {
        // The app's direct message with a user (needs im:write); D + the user id keeps it predictable.
        const users = String(args.users ?? '');
        if (!/^[UW][A-Z0-9]+$/.test(users)) return fail('user_not_found');
        return { ok: true, channel: { id: `D${users.slice(1)}` } };
      }
      case 'views.publish': {
        const p = validateView(args.view, 'home');
        if (!args.user_id) return fail('invalid_arguments');
        if (p) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: [p] } };
        const view = {
          ...(args.view as J),
          id: 'V' + randomBytes(4).toString('hex').toUpperCase(),
          hash: randomBytes(4).toString('hex'),
        };
        state.homes.push({ user: String(args.user_id), view });
        return { ok: true, view };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (!args.filename || !Number.isInteger(length) || length < 1) return fail('invalid_arguments');
        const id = 'F' + randomBytes(5).toString('hex').toUpperCase();
        state.uploads.set(id, { filename: String(args.filename), length });
        return { ok: true, upload_url: `${base}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const files = args.files as Array<{ id: string; title?: string }> | undefined;
        if (!Array.isArray(files) || !files.length) return fail('invalid_arguments');
        if (args.channel_id && state.notIn.has(String(args.channel_id))) return fail('channel_not_found');
        const done: NonNullable<FakeMessage['files']> = [];
        for (const f of files) {
          const u = state.uploads.get(f.id);
          if (!u || !u.bytes) return fail('file_not_found');
          if (u.bytes.length !== u.length) return fail('file_upload_size_mismatch');
          done.push({ id: f.id, title: f.title ?? u.filename, filename: u.filename, bytes: u.bytes.length });
        }
        if (args.channel_id) {
          const m: FakeMessage = { channel: String(args.channel_id), ts: nextTs(), user: 'U0BOT', files: done };
          if (typeof args.initial_comment === 'string') m.text = args.initial_comment;
          if (typeof args.thread_ts === 'string') m.thread_ts = args.thread_ts;
          state.messages.push(m);
        }
        return { ok: true, files: done.map((f) => ({ id: f.id, title: f.title })) };
      }
      default:
        return fail('unknown_method');
    }
  };
}
