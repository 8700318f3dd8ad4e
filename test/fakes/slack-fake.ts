/**
 * A fake of Slack on 127.0.0.1, protocol-faithful enough to run the real Bolt (HTTP mode and
 * Socket Mode) against it. See /work/shared/reference/platform-fakes.md sections 1, 2 and 5.
 *
 * - Web API `POST /api/<method>` (form or JSON, Bearer token): auth.test, chat.postMessage,
 *   chat.postEphemeral, chat.update, views.open, files.getUploadURLExternal, the upload URL,
 *   files.completeUploadExternal, apps.connections.open. Block Kit limits are enforced
 *   (validateBlocks); a bad message gets `{ok:false,error:'invalid_blocks'}` as Slack answers.
 * - response_url endpoints (`POST /response/<id>`, JSON, at most 5 posts each).
 * - Socket Mode: a WebSocket at `/link` that says hello, sends envelopes and records acks,
 *   enforcing the 3 s ack deadline Bolt itself does not (platform-fakes 2, quirks).
 * - Client helpers that send signed slash commands, block_actions, view_submissions and events
 *   to the bot's `/slack/events`, exactly as Slack does (bare `application/x-www-form-urlencoded`).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { validateBlocks, validateView } from './slack-blocks.js';

type J = Record<string, unknown>;

export const SLACK_ACK_DEADLINE_MS = 3000;
export const TRIGGER_TTL_MS = 3000;

export interface ApiCall {
  method: string;
  args: J;
  token: string | undefined;
  ok: boolean;
  error?: string;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: J[];
  thread_ts?: string;
  user?: string;
  ephemeral?: boolean;
  files?: Array<{ id: string; title: string; filename: string; bytes: number }>;
  edited?: number;
}

export interface ResponsePost {
  id: string;
  body: J;
}

export interface SignedResult {
  status: number;
  body: string;
  json: J | undefined;
  ms: number;
  /** Slack shows the user "operation_timeout" when the ack took over 3 s. */
  timedOut: boolean;
}

export interface SendOptions {
  /** Defaults to the fake's signing secret. */
  secret?: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  retryNum?: number;
  retryReason?: string;
  contentType?: string;
}

export interface SlackFake {
  url: string;
  apiUrl: string;
  signingSecret: string;
  botToken: string;
  appToken: string;
  teamId: string;
  channelId: string;
  userId: string;
  calls: ApiCall[];
  messages: FakeMessage[];
  responses: ResponsePost[];
  uploads: Map<string, { filename: string; length: number; bytes?: Buffer }>;
  views: J[];
  acks: Array<{ envelope_id: string; payload?: J; ms: number }>;
  /** The calls of one method that Slack accepted. */
  ok(method: string): ApiCall[];
  /** A fresh response_url on this fake. */
  newResponseUrl(): string;
  /** A trigger_id valid for 3 s, once. */
  newTriggerId(): string;
  slashCommandBody(text: string, over?: J): { body: string; fields: J };
  blockActionsPayload(action: { action_id: string; value: string }, over?: J): J;
  viewSubmissionPayload(view: J, values: Record<string, string>, over?: J): J;
  /** POSTs signed bytes to the bot. */
  postSigned(target: string, body: string, opts?: SendOptions): Promise<SignedResult>;
  sendSlashCommand(target: string, text: string, opts?: SendOptions & { fields?: J }): Promise<SignedResult & { fields: J }>;
  sendInteraction(target: string, payload: J, opts?: SendOptions): Promise<SignedResult>;
  sendEvent(target: string, event: J, opts?: SendOptions & { eventId?: string }): Promise<SignedResult>;
  /** Socket Mode: waits for the bot's connection. */
  socketConnected(timeoutMs?: number): Promise<void>;
  /** Socket Mode: sends an envelope; resolves with the ack payload, rejects if not acked within 3 s. */
  sendEnvelope(type: 'slash_commands' | 'interactive' | 'events_api', payload: J, opts?: { retryAttempt?: number; envelopeId?: string }): Promise<J>;
  waitFor<T>(fn: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export function signSlack(secret: string, timestamp: number, body: string): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8' });
  res.end(text);
}

const JSON_ARGS = ['blocks', 'view', 'files', 'attachments', 'metadata'];

function parseArgs(ct: string, raw: Buffer): J {
  if (ct.startsWith('application/json')) return raw.length ? (JSON.parse(raw.toString()) as J) : {};
  const args: J = {};
  for (const [k, v] of new URLSearchParams(raw.toString())) {
    if (JSON_ARGS.includes(k)) {
      try {
        args[k] = JSON.parse(v);
      } catch {
        args[k] = v;
      }
    } else args[k] = v;
  }
  return args;
}

export async function startSlackFake(opts: { signingSecret?: string; ackDeadlineMs?: number } = {}): Promise<SlackFake> {
  const signingSecret = opts.signingSecret ?? 'test-signing-secret-' + randomBytes(4).toString('hex');
  const ackDeadline = opts.ackDeadlineMs ?? SLACK_ACK_DEADLINE_MS;
  const state = {
    calls: [] as ApiCall[],
    messages: [] as FakeMessage[],
    responses: [] as ResponsePost[],
    responseUses: new Map<string, number>(),
    triggers: new Map<string, { issued: number; used: boolean }>(),
    uploads: new Map<string, { filename: string; length: number; bytes?: Buffer }>(),
    views: [] as J[],
    acks: [] as Array<{ envelope_id: string; payload?: J; ms: number }>,
    pending: new Map<string, { resolve: (p: J) => void; timer: NodeJS.Timeout; sent: number }>(),
    sockets: new Set<WebSocket>(),
  };
  let seq = 0;
  const nextTs = (): string => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;
  const botToken = 'xoxb-fake-' + randomBytes(4).toString('hex');
  const appToken = 'xapp-fake-' + randomBytes(4).toString('hex');
  const teamId = 'T0TEST';
  const channelId = 'C0CHAN1';
  const userId = 'U0ALICE';

  function api(method: string, args: J, token: string | undefined, base: string): J {
    const fail = (error: string): J => ({ ok: false, error });
    if (method === 'apps.connections.open') {
      if (!token?.startsWith('xapp-')) return fail('invalid_auth');
      return { ok: true, url: `${base.replace('http', 'ws')}/link/?ticket=${randomBytes(6).toString('hex')}&app_id=A0SIPBOT` };
    }
    if (!token) return fail('not_authed');
    if (!token.startsWith('xoxb-')) return fail('invalid_auth');
    const msgCheck = (): string | null => {
      if (!args.channel) return 'channel_not_found';
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
        return { ok: true, url: 'https://sipbot-test.slack.com/', team: 'Sipbot Test', user: 'sipbot', team_id: teamId, user_id: 'U0BOT', bot_id: 'B0BOT', is_enterprise_install: false };
      case 'chat.postMessage': {
        const p = msgCheck();
        if (p) return fail(p);
        const m: FakeMessage = { channel: String(args.channel), ts: nextTs(), user: 'U0BOT' };
        if (typeof args.text === 'string') m.text = args.text;
        if (Array.isArray(args.blocks)) m.blocks = args.blocks as J[];
        if (typeof args.thread_ts === 'string') m.thread_ts = args.thread_ts;
        state.messages.push(m);
        return { ok: true, channel: m.channel, ts: m.ts, message: { type: 'message', text: m.text ?? '', user: 'U0BOT', bot_id: 'B0BOT', ts: m.ts, blocks: m.blocks ?? [] } };
      }
      case 'chat.postEphemeral': {
        const p = msgCheck();
        if (p) return fail(p);
        if (!args.user) return fail('user_not_in_channel');
        const m: FakeMessage = { channel: String(args.channel), ts: nextTs(), user: String(args.user), ephemeral: true };
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
        const view = { ...(args.view as J), id: 'V' + randomBytes(4).toString('hex').toUpperCase(), hash: randomBytes(4).toString('hex') };
        state.views.push(view);
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
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://x');
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const ct = String(req.headers['content-type'] ?? '');
      if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
        const method = url.pathname.slice(5);
        let args: J;
        try {
          args = parseArgs(ct, raw);
        } catch {
          return send(res, 200, { ok: false, error: 'invalid_json' });
        }
        const auth = String(req.headers.authorization ?? '');
        const token = auth.startsWith('Bearer ') ? auth.slice(7) : typeof args.token === 'string' ? args.token : undefined;
        const out = api(method, args, token, base);
        const call: ApiCall = { method, args, token, ok: out.ok === true };
        if (out.ok !== true) call.error = String(out.error);
        state.calls.push(call);
        return send(res, 200, out);
      }
      if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
        const u = state.uploads.get(url.pathname.slice(8));
        if (!u) return send(res, 404, 'not found');
        // Slack takes the bytes raw or as a multipart form (web-api 7 sends a form with one file part).
        if (ct.startsWith('multipart/form-data')) {
          const form = await new Request('http://x/', { method: 'POST', headers: { 'content-type': ct }, body: raw }).formData();
          const file = [...form.values()].find((v) => typeof v !== 'string') as Blob | undefined;
          u.bytes = file ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
        } else u.bytes = raw;
        return send(res, 200, `OK - ${u.bytes.length}`);
      }
      if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
        const id = url.pathname.slice(10);
        const uses = state.responseUses.get(id);
        if (uses === undefined) return send(res, 404, 'invalid_url');
        if (uses >= 5) return send(res, 404, 'used_url');
        if (!ct.startsWith('application/json')) return send(res, 400, 'invalid_payload');
        let body: J;
        try {
          body = JSON.parse(raw.toString()) as J;
        } catch {
          return send(res, 400, 'invalid_payload');
        }
        if (body.blocks !== undefined && validateBlocks(body.blocks)) return send(res, 400, 'invalid_blocks');
        if (!body.text && !body.blocks && !body.delete_original) return send(res, 400, 'no_text');
        state.responseUses.set(id, uses + 1);
        state.responses.push({ id, body });
        return send(res, 200, 'ok');
      }
      send(res, 404, 'not found');
    })().catch((e: unknown) => send(res, 500, String(e)));
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!(req.url ?? '').startsWith('/link')) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      state.sockets.add(ws);
      ws.on('close', () => state.sockets.delete(ws));
      ws.on('message', (data) => {
        let msg: { envelope_id?: string; payload?: J };
        try {
          msg = JSON.parse(String(data)) as typeof msg;
        } catch {
          return;
        }
        if (!msg.envelope_id) return;
        const p = state.pending.get(msg.envelope_id);
        const ack: { envelope_id: string; payload?: J; ms: number } = { envelope_id: msg.envelope_id, ms: p ? Date.now() - p.sent : -1 };
        if (msg.payload) ack.payload = msg.payload;
        state.acks.push(ack);
        if (p) {
          clearTimeout(p.timer);
          state.pending.delete(msg.envelope_id);
          p.resolve(msg.payload ?? {});
        }
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 18060 }, connection_info: { app_id: 'A0SIPBOT' } }));
    });
  });

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;

  const fake: SlackFake = {
    url,
    apiUrl: `${url}/api/`,
    signingSecret,
    botToken,
    appToken,
    teamId,
    channelId,
    userId,
    calls: state.calls,
    messages: state.messages,
    responses: state.responses,
    uploads: state.uploads,
    views: state.views,
    acks: state.acks,
    ok: (method) => state.calls.filter((c) => c.method === method && c.ok),
    newResponseUrl() {
      const id = randomBytes(6).toString('hex');
      state.responseUses.set(id, 0);
      return `${url}/response/${id}`;
    },
    newTriggerId() {
      const id = `${Date.now()}.${randomBytes(6).toString('hex')}`;
      state.triggers.set(id, { issued: Date.now(), used: false });
      return id;
    },
    slashCommandBody(text, over = {}) {
      const fields: J = {
        token: 'deprecated-verification-token',
        team_id: teamId,
        team_domain: 'sipbot-test',
        channel_id: channelId,
        channel_name: 'voice-ops',
        user_id: userId,
        user_name: 'alice',
        command: '/sip',
        text,
        api_app_id: 'A0SIPBOT',
        is_enterprise_install: 'false',
        response_url: fake.newResponseUrl(),
        trigger_id: fake.newTriggerId(),
        ...over,
      };
      return { body: new URLSearchParams(fields as Record<string, string>).toString(), fields };
    },
    blockActionsPayload(action, over = {}) {
      const msgTs = nextTs();
      return {
        type: 'block_actions',
        team: { id: teamId, domain: 'sipbot-test' },
        user: { id: userId, username: 'alice', team_id: teamId },
        api_app_id: 'A0SIPBOT',
        token: 'deprecated-verification-token',
        container: { type: 'message', message_ts: msgTs, channel_id: channelId, is_ephemeral: false },
        trigger_id: fake.newTriggerId(),
        channel: { id: channelId, name: 'voice-ops' },
        message: { type: 'message', ts: msgTs, text: 'sipbot', user: 'U0BOT', bot_id: 'B0BOT', blocks: [] },
        response_url: fake.newResponseUrl(),
        actions: [{ type: 'button', block_id: 'sipbot_actions_0', text: { type: 'plain_text', text: 'button' }, action_ts: `${Date.now() / 1000}`, ...action }],
        ...over,
      };
    },
    viewSubmissionPayload(view, values, over = {}) {
      const stateValues: J = {};
      const blocks = (view.blocks as J[] | undefined) ?? [];
      for (const b of blocks) {
        if (b.type !== 'input') continue;
        const el = b.element as J;
        const v = values[String(b.block_id)];
        stateValues[String(b.block_id)] = {
          [String(el.action_id)]:
            el.type === 'static_select'
              ? { type: 'static_select', selected_option: v === undefined ? null : { text: { type: 'plain_text', text: v }, value: v } }
              : { type: 'plain_text_input', value: v ?? null },
        };
      }
      return {
        type: 'view_submission',
        team: { id: teamId, domain: 'sipbot-test' },
        user: { id: userId, username: 'alice', team_id: teamId },
        api_app_id: 'A0SIPBOT',
        token: 'deprecated-verification-token',
        trigger_id: fake.newTriggerId(),
        view: { ...view, team_id: teamId, state: { values: stateValues }, app_id: 'A0SIPBOT', bot_id: 'B0BOT' },
        response_urls: [],
        ...over,
      };
    },
    async postSigned(target, body, o = {}) {
      const ts = o.timestamp ?? Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        'content-type': o.contentType ?? 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': signSlack(o.secret ?? signingSecret, ts, body),
      };
      if (o.retryNum !== undefined) {
        headers['x-slack-retry-num'] = String(o.retryNum);
        headers['x-slack-retry-reason'] = o.retryReason ?? 'http_timeout';
      }
      const t0 = Date.now();
      const r = await fetch(target, { method: 'POST', headers, body });
      const text = await r.text();
      const ms = Date.now() - t0;
      let json: J | undefined;
      try {
        json = text ? (JSON.parse(text) as J) : undefined;
      } catch {
        json = undefined;
      }
      return { status: r.status, body: text, json, ms, timedOut: ms > ackDeadline };
    },
    async sendSlashCommand(target, text, o = {}) {
      const { body, fields } = fake.slashCommandBody(text, o.fields);
      return { ...(await fake.postSigned(target, body, o)), fields };
    },
    sendInteraction(target, payload, o = {}) {
      return fake.postSigned(target, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), o);
    },
    sendEvent(target, event, o = {}) {
      const body = JSON.stringify({
        token: 'deprecated-verification-token',
        team_id: teamId,
        api_app_id: 'A0SIPBOT',
        type: 'event_callback',
        event_id: o.eventId ?? 'Ev' + randomBytes(5).toString('hex').toUpperCase(),
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: teamId, user_id: 'U0BOT', is_bot: true }],
        event,
      });
      return fake.postSigned(target, body, { ...o, contentType: 'application/json' });
    },
    async socketConnected(timeoutMs = 5000) {
      await fake.waitFor(() => state.sockets.size > 0, timeoutMs);
    },
    sendEnvelope(type, payload, o = {}) {
      const ws = [...state.sockets][0];
      if (!ws) return Promise.reject(new Error('no Socket Mode connection'));
      const envelopeId = o.envelopeId ?? randomBytes(8).toString('hex');
      const env: J = { envelope_id: envelopeId, type, accepts_response_payload: type !== 'events_api', payload };
      if (type === 'events_api') {
        env.retry_attempt = o.retryAttempt ?? 0;
        env.retry_reason = o.retryAttempt ? 'timeout' : '';
      }
      return new Promise<J>((resolve, reject) => {
        const timer = setTimeout(() => {
          state.pending.delete(envelopeId);
          reject(new Error(`envelope ${envelopeId} (${type}) not acknowledged within ${ackDeadline} ms`));
        }, ackDeadline);
        state.pending.set(envelopeId, { resolve, timer, sent: Date.now() });
        ws.send(JSON.stringify(env));
      });
    },
    async waitFor(fn, timeoutMs = 5000) {
      const t0 = Date.now();
      for (;;) {
        const v = fn();
        if (v !== undefined && v !== false) return v as never;
        if (Date.now() - t0 > timeoutMs) throw new Error('waitFor: timed out');
        await new Promise((r) => setTimeout(r, 15));
      }
    },
    async close() {
      for (const p of state.pending.values()) clearTimeout(p.timer);
      for (const ws of state.sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return fake;
}
