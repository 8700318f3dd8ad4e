/**
 * The fake Discord gateway (platform-fakes.md 3.2): HELLO on connect, IDENTIFY -> READY then one
 * GUILD_CREATE, heartbeat -> ACK, RESUME -> RESUMED, and dispatches with increasing sequence
 * numbers. A wrong token is closed with 4004, as Discord does.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

type J = Record<string, unknown>;

export interface GatewayIds {
  token: string;
  author: J;
  applicationId: string;
  guildId: string;
  channelId: string;
  userId: string;
  identifies: J[];
}

export function attachGateway(
  server: Server,
  ids: GatewayIds,
): { dispatch(t: string, d: J): void; ready(): boolean; close(): void } {
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<WebSocket>();
  let seq = 0;
  let isReady = false;
  const send = (ws: WebSocket, t: string, d: J): void => ws.send(JSON.stringify({ op: 0, t, s: ++seq, d }));

  server.on('upgrade', (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { op: number; d: J };
        if (msg.op === 1) ws.send(JSON.stringify({ op: 11 }));
        else if (msg.op === 2) {
          ids.identifies.push(msg.d);
          if (msg.d.token !== ids.token) return ws.close(4004, 'Authentication failed.');
          const port = (server.address() as AddressInfo).port;
          send(ws, 'READY', {
            v: 10,
            user: ids.author,
            guilds: [{ id: ids.guildId, unavailable: true }],
            session_id: 'sess-' + randomBytes(4).toString('hex'),
            resume_gateway_url: `ws://127.0.0.1:${port}/gateway`,
            shard: [0, 1],
            application: { id: ids.applicationId, flags: 0 },
          });
          send(ws, 'GUILD_CREATE', {
            id: ids.guildId,
            name: 'Voice Ops',
            unavailable: false,
            owner_id: ids.userId,
            roles: [],
            emojis: [],
            stickers: [],
            features: [],
            members: [],
            threads: [],
            member_count: 2,
            channels: [{ id: ids.channelId, type: 0, name: 'voice-ops', position: 0, permission_overwrites: [] }],
          });
          isReady = true;
        } else if (msg.op === 6) send(ws, 'RESUMED', {});
      });
      ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    });
  });

  return {
    dispatch(t, d) {
      for (const ws of sockets) send(ws, t, d);
    },
    ready: () => isReady,
    close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
    },
  };
}
