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
import { validateBlocks } from './slack-blocks.js';
import { slackWebApi } from './slack-webapi.js';
import { blockActions, slashCommand, viewSubmission } from './slack-payloads.js';
import { waitFor } from './wait-for.js';

export { TRIGGER_TTL_MS } from './slack-webapi.js';

type J = Record<string, unknown>;

export const SLACK_ACK_DEADLINE_MS = 3000;

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
  /** Private channels and DMs the bot is not in (chat.postMessage and uploads there fail with channel_not_found). */
  notIn: Set<string>;
  /** Home tabs published with views.publish, in order. */
  homes: Array<{ user: string; view: J }>;
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
  sendSlashCommand(
    target: string,
    text: string,
    opts?: SendOptions & { fields?: J },
  ): Promise<SignedResult & { fields: J }>;
  sendInteraction(target: string, payload: J, opts?: SendOptions): Promise<SignedResult>;
  sendEvent(target: string, event: J, opts?: SendOptions & { eventId?: string }): Promise<SignedResult>;
  /** Socket Mode: waits for the bot's connection. */
  socketConnected(timeoutMs?: number): Promise<void>;
  /** Socket Mode: sends an envelope; resolves with the ack payload, rejects if not acked within 3 s. */
  sendEnvelope(
    type: 'slash_commands' | 'interactive' | 'events_api',
    payload: J,
    opts?: { retryAttempt?: number; envelopeId?: string },
  ): Promise<J>;
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
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; charset=utf-8',
  });
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

export async function startSlackFake(
  opts: { signingSecret?: string; ackDeadlineMs?: number } = {},
): Promise<SlackFake> {
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
    homes: [] as Array<{ user: string; view: J }>,
    notIn: new Set<string>(),
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

  const api = slackWebApi(state, { teamId, nextTs });

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
        const token = auth.startsWith('Bearer ')
          ? auth.slice(7)
          : typeof args.token === 'string'
            ? args.token
            : undefined;
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
          const form = await new Request('http://x/', {
            method: 'POST',
            headers: { 'content-type': ct },
            body: raw,
          }).formData();
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
        const ack: { envelope_id: string; payload?: J; ms: number } = {
          envelope_id: msg.envelope_id,
          ms: p ? Date.now() - p.sent : -1,
        };
        if (msg.payload) ack.payload = msg.payload;
        state.acks.push(ack);
        if (p) {
          clearTimeout(p.timer);
          state.pending.delete(msg.envelope_id);
          p.resolve(msg.payload ?? {});
        }
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 18060 },
          connection_info: { app_id: 'A0SIPBOT' },
        }),
      );
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
    homes: state.homes,
    notIn: state.notIn,
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
      return slashCommand(
        { teamId, channelId, userId, responseUrl: fake.newResponseUrl(), triggerId: fake.newTriggerId() },
        text,
        over,
      );
    },
    blockActionsPayload(action, over = {}) {
      return blockActions(
        { teamId, channelId, userId, responseUrl: fake.newResponseUrl(), triggerId: fake.newTriggerId(), ts: nextTs() },
        action,
        over,
      );
    },
    viewSubmissionPayload(view, values, over = {}) {
      return viewSubmission({ teamId, userId, triggerId: fake.newTriggerId() }, view, values, over);
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
    waitFor,
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
