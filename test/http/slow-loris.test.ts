import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createToken } from '../../src/store/tokens.js';
import { startServer, type Running } from './helpers.js';

// Slow clients: headers or bodies sent a few bytes at a time, each socket sending often enough
// never to be idle. Every one must be closed by the limits, and the server must keep answering.
const LIMITS = {
  SIPBOT_HTTP_HEADERS_TIMEOUT_MS: '1000',
  SIPBOT_HTTP_BODY_TIMEOUT_MS: '1000',
  SIPBOT_HTTP_REQUEST_TIMEOUT_MS: '5000',
  SIPBOT_HTTP_IDLE_TIMEOUT_MS: '5000',
};
const TRICKLE_MS = 250;

let server: Running | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.close();
  server = undefined;
});

interface Slow {
  /** ms from connect until the server closed the socket. */
  closed: Promise<number>;
}

/** Sends `head` at once, then one byte of `drip` every TRICKLE_MS until the server closes. */
function slow(port: number, head: string, drip: string): Slow {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  const t0 = performance.now();
  let i = 0;
  let timer: NodeJS.Timeout | undefined;
  socket.on('connect', () => {
    socket.write(head);
    timer = setInterval(() => socket.write(drip[i++ % drip.length]!), TRICKLE_MS);
  });
  socket.on('data', () => undefined);
  socket.on('error', () => undefined);
  return {
    closed: new Promise((resolve) =>
      socket.on('close', () => {
        clearInterval(timer);
        resolve(performance.now() - t0);
      }),
    ),
  };
}

describe('slow clients (slow loris)', () => {
  it('closes 500 connections sending partial headers or partial bodies within the timeouts, and keeps serving', async () => {
    server = await startServer({ env: LIMITS });
    const port = Number(new URL(server.base).port);
    const token = createToken(server.ctx.db, 'loris', server.ctx.clock.now().getTime())!.token;
    const headers = Array.from({ length: 200 }, () =>
      slow(port, 'POST /webhooks/twilio HTTP/1.1\r\nHost: x\r\n', 'X-Pad: a\r\n'),
    );
    const webhookBodies = Array.from({ length: 200 }, () =>
      slow(
        port,
        'POST /webhooks/twilio HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\n',
        'a',
      ),
    );
    const apiBodies = Array.from({ length: 100 }, () =>
      slow(
        port,
        `POST /api/v1/calls HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: text/csv\r\nContent-Length: 100000\r\n\r\ncall_id,`,
        'a',
      ),
    );
    // While they hang on, an honest request is answered at once.
    const t0 = performance.now();
    const health = await fetch(`${server.base}/healthz`);
    expect(health.status).toBe(200);
    expect(performance.now() - t0).toBeLessThan(1000);

    const headerTimes = await Promise.all(headers.map((s) => s.closed));
    const webhookTimes = await Promise.all(webhookBodies.map((s) => s.closed));
    const apiTimes = await Promise.all(apiBodies.map((s) => s.closed));
    // Each limit plus Node's check interval and a loaded machine's slack; without the limits
    // they stay open until the idle timeout never fires (they are never idle).
    // Webhook bodies go at the body timeout, well before the request timeout that bounds uploads.
    expect(Math.min(...headerTimes)).toBeGreaterThanOrEqual(900);
    expect(Math.max(...headerTimes)).toBeLessThan(1000 + 2500);
    expect(Math.min(...webhookTimes)).toBeGreaterThanOrEqual(900);
    expect(Math.max(...webhookTimes)).toBeLessThan(1000 + 2500);
    expect(Math.min(...apiTimes)).toBeGreaterThanOrEqual(4500);
    expect(Math.max(...apiTimes)).toBeLessThan(5000 + 3000);
  }, 30_000);

  it('refuses connections over SIPBOT_HTTP_MAX_CONNECTIONS and serves again once they close', async () => {
    server = await startServer({ env: { SIPBOT_HTTP_MAX_CONNECTIONS: '20' } });
    const port = Number(new URL(server.base).port);
    const held = await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<Socket>((resolve) => {
            const s = connect(port, '127.0.0.1', () => resolve(s));
            sockets.push(s);
          }),
      ),
    );
    // The server must have accepted them all before the next one counts as the 21st.
    await new Promise<void>((resolve) => {
      const check = (): void =>
        void server!.app.server.getConnections((_e, n) => (n >= 20 ? resolve() : setImmediate(check)));
      check();
    });
    await expect(fetch(`${server.base}/healthz`)).rejects.toThrow();
    for (const s of held) s.destroy();
    await new Promise<void>((resolve) => {
      const check = (): void =>
        void server!.app.server.getConnections((_e, n) => (n === 0 ? resolve() : setImmediate(check)));
      check();
    });
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
  });
});
