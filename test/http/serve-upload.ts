import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { request, type ClientRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import twilio from 'twilio';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import { silentLogger } from '../../src/log.js';
import { startServices } from '../../src/main.js';
import { openDb } from '../../src/store/db.js';
import { createToken } from '../../src/store/tokens.js';
import { TWILIO_TOKEN, formParams, postForm, webhookEnv } from './helpers.js';

/** sipbot as `serve` runs it: a database file, so uploads and webhook writes run in the database threads. */
export interface Served {
  base: string;
  ctx: Ctx;
  /** A bearer token for POST /api/v1/calls. */
  token: string;
  /** A second connection, as another process would have: counts what the threads committed. */
  peek: Database.Database;
  /** Resolves once every database thread is up, one started after a stopped upload included. */
  threadsReady(): Promise<void>;
  stop(): Promise<void>;
}

export async function serve(env: Record<string, string> = {}, opts: { workers?: boolean } = {}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'sipbot-upload-'));
  const dbPath = join(dir, 'sipbot.db');
  const config = loadConfig({ SIPBOT_DB: dbPath, SIPBOT_HOST: '127.0.0.1', SIPBOT_PORT: '0', ...webhookEnv(env) });
  const db = openDb(dbPath);
  const ctx: Ctx = { db, clock: systemClock, log: silentLogger, config };
  const services = await startServices(ctx, { say: () => undefined, ...opts });
  const peek = new Database(dbPath, { readonly: true });
  return {
    base: services.httpUrl!,
    ctx,
    token: createToken(db, 'uploads', Date.now())!.token,
    peek,
    threadsReady: async () => services.workers?.ready(),
    stop: async () => {
      peek.close();
      await services.stop();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Answered {
  status: number;
  headers: IncomingHttpHeaders;
  json: Record<string, unknown>;
  /** performance.now() when the whole answer was in. */
  at: number;
}

/**
 * An upload whose body the test writes itself (node:http, not fetch: the answer may come before
 * the body is all sent, and the test decides when each part goes).
 */
export function openUpload(s: Served, query: string): { req: ClientRequest; answered: Promise<Answered> } {
  const req = request(`${s.base}/api/v1/calls${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'text/plain' },
  });
  const answered = new Promise<Answered>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          json: JSON.parse(text) as Record<string, unknown>,
          at: performance.now(),
        });
      });
    });
  });
  return { req, answered };
}

/** Writes a part of a body and resolves once the socket has taken it. */
export function send(req: ClientRequest, part: Buffer): Promise<void> {
  return new Promise((resolve, reject) => req.write(part, (e) => (e ? reject(e) : resolve())));
}

export function rowsFrom(s: Served, source: string): number {
  return s.peek.prepare('SELECT count(*) FROM calls WHERE source = ?').pluck().get(source) as number;
}

/** A Twilio status callback signed with Twilio's own library; answers the response and the CallSid. */
export async function twilioCallback(s: Served, callSid: string): Promise<{ res: Response; callSid: string }> {
  const url = `${s.base}/webhooks/twilio`;
  const params = formParams('twilio-status-failed-403.form', { CallSid: callSid });
  const signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params);
  return { res: await postForm(url, params, { 'x-twilio-signature': signature }), callSid };
}
