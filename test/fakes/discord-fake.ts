/**
 * A fake of Discord on 127.0.0.1 for the real discord.js client (reference/platform-fakes.md 3, 5).
 *
 * REST under `/api/v10`: gateway/bot, application command PUT/GET (global and guild), interaction
 * callbacks, webhooks `@original` (both `@original` and `%40original`) and follow-ups, channel
 * messages (JSON or multipart with `payload_json` + `files[n]`). Gateway WebSocket: HELLO,
 * IDENTIFY -> READY + GUILD_CREATE, heartbeat ACK, RESUME -> RESUMED, INTERACTION_CREATE.
 * Limits are enforced (discord-limits.ts) with Discord's errors: 400 {code:50035} for a bad
 * body, 404 {code:10062} "Unknown interaction" for a callback after 3 s, 400 {code:40060} for a
 * second callback.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachGateway } from './discord-gateway.js';
import { isEmptyMessage, validateCommands, validateMessage, validateModal } from './discord-limits.js';
import { waitFor } from './wait-for.js';

type J = Record<string, unknown>;

export const DISCORD_CALLBACK_DEADLINE_MS = 3000;

export interface UploadedFile {
  name: string;
  contentType: string;
  bytes: Buffer;
}

/** One thing the bot sent for an interaction, in order. */
export interface InteractionResponse {
  interactionId: string;
  kind: 'callback' | 'original' | 'followup';
  /** Callback type (4 reply, 5 defer, 6 deferred update, 7 update, 9 modal). */
  type?: number;
  body: J;
  files: UploadedFile[];
  ms: number;
}

export interface ChannelMessage {
  id: string;
  channelId: string;
  body: J;
  files: UploadedFile[];
  edits: number;
}

export interface DiscordFake {
  url: string;
  /** For `rest.api` / DISCORD_API_URL (no trailing slash). */
  apiUrl: string;
  token: string;
  applicationId: string;
  guildId: string;
  channelId: string;
  userId: string;
  identifies: J[];
  commands: { global: J[]; guild: Map<string, J[]> };
  responses: InteractionResponse[];
  channelMessages: ChannelMessage[];
  /** Refused requests, for assertions: the route and why. */
  errors: Array<{ route: string; status: number; problem: string }>;
  ready(timeoutMs?: number): Promise<void>;
  /** Dispatches `/sip <sub> opt:value...`; returns the interaction id. */
  sendCommand(sub: string, options?: Record<string, string | number>, over?: J): string;
  pressButton(customId: string, over?: J): string;
  /** Picks `values` in a string select (component type 3). */
  selectOption(customId: string, values: string[], over?: J): string;
  submitModal(customId: string, values: Record<string, string>, over?: J): string;
  /** The interaction's token (for driving the REST routes by hand in tests of the fake). */
  tokenOf(id: string): string | undefined;
  /** Everything the bot sent for one interaction. */
  responsesFor(id: string): InteractionResponse[];
  waitFor<T>(fn: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** JSON or multipart/form-data (`payload_json` + `files[n]`), as @discordjs/rest sends them. */
async function parsePayload(req: IncomingMessage, raw: Buffer): Promise<{ body: J; files: UploadedFile[] }> {
  const ct = String(req.headers['content-type'] ?? '');
  if (ct.startsWith('multipart/form-data')) {
    const form = await new Request('http://x/', {
      method: 'POST',
      headers: { 'content-type': ct },
      body: raw,
    }).formData();
    const body = JSON.parse(String(form.get('payload_json') ?? '{}')) as J;
    const files: UploadedFile[] = [];
    for (const [key, v] of form.entries()) {
      if (!key.startsWith('files[') || typeof v === 'string') continue;
      files.push({ name: v.name, contentType: v.type, bytes: Buffer.from(await v.arrayBuffer()) });
    }
    return { body, files };
  }
  return { body: raw.length ? (JSON.parse(raw.toString()) as J) : {}, files: [] };
}

export async function startDiscordFake(opts: { callbackDeadlineMs?: number } = {}): Promise<DiscordFake> {
  const deadline = opts.callbackDeadlineMs ?? DISCORD_CALLBACK_DEADLINE_MS;
  const token = 'fake-bot-token.' + randomBytes(6).toString('hex');
  const applicationId = '1100000000000000001';
  const guildId = '1200000000000000001';
  const channelId = '1300000000000000001';
  const userId = '1400000000000000001';
  const botUserId = '1100000000000000002';
  let snowflake = 1500000000000000000n;
  const nextId = (): string => String(++snowflake);

  const identifies: J[] = [];
  const commands = { global: [] as J[], guild: new Map<string, J[]>() };
  const responses: InteractionResponse[] = [];
  const channelMessages: ChannelMessage[] = [];
  const errors: DiscordFake['errors'] = [];
  const interactions = new Map<string, { token: string; created: number; acked: boolean; original?: J }>();

  const author = { id: botUserId, username: 'sipbot', discriminator: '0', global_name: null, avatar: null, bot: true };
  const user = { id: userId, username: 'alice', discriminator: '0', global_name: 'Alice', avatar: null };

  function messageObject(id: string, chan: string, body: J, files: UploadedFile[]): J {
    return {
      id,
      channel_id: chan,
      type: 0,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      attachments: files.map((f, i) => ({
        id: String(i),
        filename: f.name,
        size: f.bytes.length,
        url: `https://cdn.invalid/${f.name}`,
        proxy_url: `https://cdn.invalid/${f.name}`,
        content_type: f.contentType,
      })),
      author,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: body.flags ?? 0,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
    };
  }

  function refuse(
    res: ServerResponse,
    route: string,
    status: number,
    code: number,
    message: string,
    problem: string,
  ): void {
    errors.push({ route, status, problem });
    sendJson(res, status, {
      code,
      message: problem ? `${message} (${problem})` : message,
      ...(code === 50035 ? { errors: { _errors: [{ code: 'BASE_TYPE_INVALID', message: problem }] } } : {}),
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const method = req.method ?? 'GET';
    const route = `${method} ${path}`;
    const bot = req.headers.authorization === `Bot ${token}`;
    const base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    let m: RegExpExecArray | null;

    if (method === 'GET' && (path === '/gateway/bot' || path === '/gateway')) {
      if (path === '/gateway/bot' && !bot) return refuse(res, route, 401, 0, '401: Unauthorized', '');
      return sendJson(res, 200, {
        url: `ws://${base}/gateway`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
      });
    }
    if (method === 'GET' && path === '/users/@me') {
      if (!bot) return refuse(res, route, 401, 0, '401: Unauthorized', '');
      return sendJson(res, 200, author);
    }
    if ((m = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path))) {
      if (!bot) return refuse(res, route, 401, 0, '401: Unauthorized', '');
      if (m[1] !== applicationId) return refuse(res, route, 403, 50001, 'Missing Access', 'unknown application');
      if (method === 'GET') return sendJson(res, 200, m[2] ? (commands.guild.get(m[2]) ?? []) : commands.global);
      if (method !== 'PUT') return refuse(res, route, 405, 0, '405: Method Not Allowed', '');
      const list = JSON.parse(raw.toString() || '[]') as unknown;
      const problem = validateCommands(list);
      if (problem) return refuse(res, route, 400, 50035, 'Invalid Form Body', problem);
      const saved = (list as J[]).map((c) => ({
        ...c,
        id: nextId(),
        application_id: applicationId,
        version: nextId(),
        type: c.type ?? 1,
        ...(m![2] ? { guild_id: m![2] } : {}),
      }));
      if (m[2]) commands.guild.set(m[2], saved);
      else commands.global = saved;
      return sendJson(res, 200, saved);
    }
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path)) && method === 'POST') {
      const it = interactions.get(m[1]!);
      if (!it || it.token !== m[2]) return refuse(res, route, 404, 10062, 'Unknown interaction', 'no such interaction');
      const ms = Date.now() - it.created;
      // An acknowledged interaction stays known (its token lives 15 min): a second callback is 40060 whenever it comes.
      if (it.acked) return refuse(res, route, 400, 40060, 'Interaction has already been acknowledged.', '');
      if (ms > deadline) return refuse(res, route, 404, 10062, 'Unknown interaction', `callback after ${ms} ms`);
      const { body, files } = await parsePayload(req, raw);
      const type = Number(body.type);
      const data = (body.data as J | undefined) ?? {};
      if (type === 4 || type === 7) {
        const problem =
          validateMessage(
            data,
            files.map((f) => f.name),
          ) ?? (isEmptyMessage(data, files.length) ? 'empty message' : null);
        if (problem)
          return refuse(
            res,
            route,
            400,
            problem === 'empty message' ? 50006 : 50035,
            problem === 'empty message' ? 'Cannot send an empty message' : 'Invalid Form Body',
            problem,
          );
        it.original = messageObject(nextId(), channelId, data, files);
      } else if (type === 9) {
        const problem = validateModal(data);
        if (problem) return refuse(res, route, 400, 50035, 'Invalid Form Body', problem);
      } else if (type === 5 || type === 6) {
        it.original = messageObject(nextId(), channelId, { content: '', flags: data.flags ?? 0 }, []);
      } else return refuse(res, route, 400, 50035, 'Invalid Form Body', `callback type ${type}`);
      it.acked = true;
      responses.push({ interactionId: m[1]!, kind: 'callback', type, body, files, ms });
      if (url.searchParams.get('with_response') === 'true') {
        return sendJson(res, 200, {
          interaction: { id: m[1], type: 2 },
          ...(it.original ? { resource: { type: type === 5 ? 5 : 4, message: it.original } } : {}),
        });
      }
      return sendJson(res, 204);
    }
    if ((m = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/(@original|\d+))?$/.exec(path))) {
      const [, app, tok, target] = m;
      const entry = [...interactions.entries()].find(([, v]) => v.token === tok);
      if (app !== applicationId || !entry) return refuse(res, route, 404, 10015, 'Unknown Webhook', '');
      const [id, it] = entry;
      if (!it.acked) return refuse(res, route, 404, 10008, 'Unknown Message', 'interaction not acknowledged yet');
      if (method === 'GET' && target === '@original') return sendJson(res, 200, it.original);
      if (method === 'DELETE' && target) return sendJson(res, 204);
      const { body, files } = await parsePayload(req, raw);
      const problem = validateMessage(
        body,
        files.map((f) => f.name),
      );
      if (problem) return refuse(res, route, 400, 50035, 'Invalid Form Body', problem);
      if (method === 'PATCH' && target) {
        responses.push({ interactionId: id, kind: 'original', body, files, ms: Date.now() - it.created });
        it.original = {
          ...(it.original ?? messageObject(nextId(), channelId, {}, [])),
          ...messageObject(String(it.original?.id ?? nextId()), channelId, body, files),
        };
        return sendJson(res, 200, it.original);
      }
      if (method === 'POST' && !target) {
        if (isEmptyMessage(body, files.length))
          return refuse(res, route, 400, 50006, 'Cannot send an empty message', 'empty message');
        responses.push({ interactionId: id, kind: 'followup', body, files, ms: Date.now() - it.created });
        return sendJson(res, 200, messageObject(nextId(), channelId, body, files));
      }
    }
    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === 'GET') {
      if (!bot) return refuse(res, route, 401, 0, '401: Unauthorized', '');
      return sendJson(res, 200, {
        id: m[1],
        type: 0,
        guild_id: guildId,
        name: 'voice-ops',
        position: 0,
        permission_overwrites: [],
      });
    }
    if ((m = /^\/channels\/(\d+)\/messages(?:\/(\d+))?$/.exec(path))) {
      if (!bot) return refuse(res, route, 401, 0, '401: Unauthorized', '');
      const { body, files } = await parsePayload(req, raw);
      if (method === 'POST' && isEmptyMessage(body, files.length))
        return refuse(res, route, 400, 50006, 'Cannot send an empty message', 'empty message');
      const problem = validateMessage(
        body,
        files.map((f) => f.name),
      );
      if (problem) return refuse(res, route, 400, 50035, 'Invalid Form Body', problem);
      if (method === 'POST' && !m[2]) {
        const msg: ChannelMessage = { id: nextId(), channelId: m[1]!, body, files, edits: 0 };
        channelMessages.push(msg);
        return sendJson(res, 200, messageObject(msg.id, msg.channelId, body, files));
      }
      if (method === 'PATCH' && m[2]) {
        const msg = channelMessages.find((x) => x.id === m![2] && x.channelId === m![1]);
        if (!msg) return refuse(res, route, 404, 10008, 'Unknown Message', '');
        msg.body = { ...msg.body, ...body };
        if (files.length) msg.files = files;
        msg.edits++;
        return sendJson(res, 200, messageObject(msg.id, msg.channelId, msg.body, msg.files));
      }
    }
    refuse(res, route, 404, 0, '404: Not Found', route);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => sendJson(res, 500, { code: 0, message: String(e) }));
  });

  const gateway = attachGateway(server, { token, author, applicationId, guildId, channelId, userId, identifies });
  const dispatch = gateway.dispatch;

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function interaction(type: number, data: J, over: J): string {
    const id = nextId();
    const tok = 'itok-' + randomBytes(12).toString('hex');
    interactions.set(id, { token: tok, created: Date.now(), acked: false });
    dispatch('INTERACTION_CREATE', {
      id,
      application_id: applicationId,
      type,
      token: tok,
      version: 1,
      data,
      guild_id: guildId,
      channel_id: channelId,
      channel: { id: channelId, type: 0, name: 'voice-ops' },
      member: {
        user,
        roles: [],
        permissions: '2147483647',
        joined_at: '2026-01-01T00:00:00.000Z',
        deaf: false,
        mute: false,
        flags: 0,
      },
      app_permissions: '2147483647',
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10_485_760,
      ...over,
    });
    return id;
  }

  const fake: DiscordFake = {
    url,
    apiUrl: `${url}/api`,
    token,
    applicationId,
    guildId,
    channelId,
    userId,
    identifies,
    commands,
    responses,
    channelMessages,
    errors,
    async ready(timeoutMs = 5000) {
      await fake.waitFor(() => gateway.ready(), timeoutMs);
    },
    sendCommand(sub, options = {}, over = {}) {
      const registered = [...commands.global, ...[...commands.guild.values()].flat()].find((c) => c.name === 'sip');
      const subDef = ((registered?.options as J[] | undefined) ?? []).find((o) => o.name === sub);
      const opts = Object.entries(options).map(([name, value]) => {
        const def = ((subDef?.options as J[] | undefined) ?? []).find((o) => o.name === name);
        return { name, type: Number(def?.type ?? (typeof value === 'number' ? 4 : 3)), value };
      });
      return interaction(
        2,
        {
          id: String(registered?.id ?? '1600000000000000001'),
          name: 'sip',
          type: 1,
          options: [{ name: sub, type: 1, options: opts }],
        },
        over,
      );
    },
    pressButton(customId, over = {}) {
      const msgId = nextId();
      return interaction(
        3,
        { custom_id: customId, component_type: 2 },
        { message: messageObject(msgId, channelId, { content: 'sipbot' }, []), ...over },
      );
    },
    selectOption(customId, values, over = {}) {
      const msgId = nextId();
      return interaction(
        3,
        { custom_id: customId, component_type: 3, values },
        { message: messageObject(msgId, channelId, { content: 'sipbot' }, []), ...over },
      );
    },
    submitModal(customId, values, over = {}) {
      const components = Object.entries(values).map(([id, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: id, value }],
      }));
      return interaction(5, { custom_id: customId, components }, over);
    },
    responsesFor: (id) => responses.filter((r) => r.interactionId === id),
    tokenOf: (id) => interactions.get(id)?.token,
    waitFor,
    async close() {
      gateway.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  return fake;
}
