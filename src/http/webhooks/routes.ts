import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { HttpDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { verifyBasic } from './basic-auth.js';
import { parseForm } from './form.js';
import { requestUrl } from './request-url.js';
import { storeWebhook } from './store-webhook.js';
import { telnyxKey, verifyTelnyx } from './telnyx-signature.js';
import { safeEqual, twilioAlgorithm, verifyTwilio, verifyTwilioBody, type FormParams } from './twilio-signature.js';
import { createHmac } from 'node:crypto';

/** A body kept as received (signatures cover the exact bytes) next to its parsed form. */
interface Raw<T> {
  raw: string;
  parsed: T;
}

function notConfigured(variable: string): HttpError {
  return new HttpError(
    503,
    'webhook.not_configured',
    `This webhook is off: set ${variable} on the sipbot server to accept it.`,
  );
}

/**
 * A scope's only body parsers: anything else is 415 (fastify's own text/plain or JSON parser
 * would hand a route a body of the wrong shape, and a stranger's Content-Type must never reach
 * the signature code as a surprise).
 */
function rawBodies(app: FastifyInstance, types: Array<'form' | 'json'>): void {
  app.removeAllContentTypeParsers();
  if (types.includes('form')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, { raw: body as string, parsed: parseForm(body as string) } satisfies Raw<FormParams>);
    });
  }
  if (types.includes('json')) {
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
      try {
        const parsed: unknown = JSON.parse(body as string);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
          throw new Error('not a JSON object');
        done(null, { raw: body as string, parsed } satisfies Raw<unknown>);
      } catch (e) {
        done(new HttpError(400, 'http.bad_body', `Not JSON: ${(e as Error).message}`), undefined);
      }
    });
  }
}

function isJson(request: FastifyRequest): boolean {
  return (request.headers['content-type'] ?? '').toLowerCase().includes('json');
}

function flat(params: FormParams): Record<string, unknown> {
  return params as Record<string, unknown>;
}

/**
 * Twilio status callbacks: X-Twilio-Signature over the URL and sorted form params, or, for a
 * JSON body, over the URL whose bodySHA256 is the body's hash; exactly what twilio-node's
 * validateRequest / validateRequestWithBody accept.
 */
function twilio(deps: HttpDeps): FastifyPluginAsync {
  const key = deps.ctx.config.webhooks.twilioAuthToken;
  return async (app) => {
    rawBodies(app, ['form', 'json']);
    app.post('/webhooks/twilio', async (request, reply) => {
      if (!key) throw notConfigured('TWILIO_AUTH_TOKEN');
      const body = request.body as Raw<unknown> | undefined;
      if (!body)
        throw new HttpError(
          415,
          'http.unsupported_media_type',
          'Twilio posts application/x-www-form-urlencoded (or JSON with bodySHA256).',
        );
      const algorithm = twilioAlgorithm(header(request, 'x-twilio-webhooks-signature-settings'));
      const check = {
        key,
        signature: header(request, 'x-twilio-signature'),
        url: requestUrl(request, deps.ctx.config.publicUrl),
        algorithm,
      };
      const ok =
        algorithm !== undefined &&
        (isJson(request) ? verifyTwilioBody(check, body.raw) : verifyTwilio(check, body.parsed as FormParams));
      if (!ok) throw badSignature('X-Twilio-Signature');
      return storeWebhook(deps, 'twilio', flat(body.parsed as FormParams), body.raw, request, reply);
    });
  };
}

/**
 * SignalWire: compatibility (LaML) callbacks are signed like Twilio's, with the project's signing
 * key, in X-SignalWire-Signature (X-Twilio-Signature on older spaces); its validator keeps a
 * repeated parameter's values in the order sent and tries the two port forms only. JSON
 * callbacks carry bodySHA256 in the URL like Twilio's, or else a hex HMAC-SHA1 of the URL
 * followed by the raw body.
 */
function signalwire(deps: HttpDeps): FastifyPluginAsync {
  const key = deps.ctx.config.webhooks.signalwireSigningKey;
  return async (app) => {
    rawBodies(app, ['form', 'json']);
    app.post('/webhooks/signalwire', async (request, reply) => {
      if (!key) throw notConfigured('SIGNALWIRE_SIGNING_KEY');
      const body = request.body as Raw<unknown> | undefined;
      if (!body)
        throw new HttpError(415, 'http.unsupported_media_type', 'SignalWire posts form-encoded or JSON callbacks.');
      const signature = header(request, 'x-signalwire-signature') ?? header(request, 'x-twilio-signature');
      const url = requestUrl(request, deps.ctx.config.publicUrl);
      const check = { key, signature, url, repeats: 'as-sent' as const, normalised: false };
      const ok = !isJson(request)
        ? verifyTwilio(check, body.parsed as FormParams)
        : url.includes('bodySHA256')
          ? verifyTwilioBody(check, body.raw)
          : !!signature &&
            safeEqual(
              createHmac('sha1', key)
                .update(url + body.raw, 'utf8')
                .digest('hex'),
              signature,
            );
      if (!ok) throw badSignature('X-SignalWire-Signature');
      return storeWebhook(deps, 'signalwire', body.parsed as Record<string, unknown>, body.raw, request, reply);
    });
  };
}

/** Telnyx call.hangup: Ed25519 over `${timestamp}|${raw body}`; stale timestamps refused. */
function telnyx(deps: HttpDeps): FastifyPluginAsync {
  const configured = deps.ctx.config.webhooks.telnyxPublicKey;
  const key = configured ? telnyxKey(configured) : undefined;
  return async (app) => {
    // Keep the exact bytes: Telnyx signs the raw body. Nothing but JSON reaches the route.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.post('/webhooks/telnyx', async (request, reply) => {
      if (!key) throw notConfigured('TELNYX_PUBLIC_KEY');
      const raw = request.body as Buffer | undefined;
      if (!Buffer.isBuffer(raw))
        throw new HttpError(415, 'http.unsupported_media_type', 'Telnyx posts application/json.');
      const check = verifyTelnyx(
        key,
        header(request, 'telnyx-signature-ed25519'),
        header(request, 'telnyx-timestamp'),
        raw,
        deps.ctx.clock.now().getTime(),
      );
      if (check === 'stale')
        throw new HttpError(
          401,
          'webhook.stale',
          'telnyx-timestamp is more than 5 minutes from now: refused as a possible replay.',
        );
      if (check !== 'ok') throw badSignature('telnyx-signature-ed25519');
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw.toString('utf8'));
      } catch (e) {
        throw new HttpError(400, 'http.bad_body', `Not JSON: ${(e as Error).message}`);
      }
      if (parsed === null || typeof parsed !== 'object')
        throw new HttpError(400, 'http.bad_body', 'Expected a JSON object.');
      return storeWebhook(deps, 'telnyx', parsed as Record<string, unknown>, raw.toString('utf8'), request, reply);
    });
  };
}

/** Bandwidth: HTTP Basic credentials set on the Bandwidth application, checked before the body is read. */
function bandwidth(deps: HttpDeps): FastifyPluginAsync {
  const { bandwidthUser: user, bandwidthPassword: password } = deps.ctx.config.webhooks;
  return async (app) => {
    rawBodies(app, ['json']);
    app.addHook('onRequest', async (request, reply) => {
      if (!user || !password) throw notConfigured('BANDWIDTH_WEBHOOK_USER and BANDWIDTH_WEBHOOK_PASSWORD');
      if (!verifyBasic(request.headers.authorization, user, password)) {
        reply.header('www-authenticate', 'Basic realm="sipbot"');
        throw new HttpError(401, 'webhook.bad_credentials', 'Wrong or missing Basic credentials.');
      }
    });
    app.post('/webhooks/bandwidth', async (request, reply) => {
      const body = request.body as Raw<unknown> | undefined;
      if (!body) throw new HttpError(415, 'http.unsupported_media_type', 'Bandwidth posts application/json.');
      return storeWebhook(deps, 'bandwidth', body.parsed as Record<string, unknown>, body.raw, request, reply);
    });
  };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function badSignature(name: string): HttpError {
  return new HttpError(401, 'webhook.bad_signature', `${name} does not match this request: nothing stored.`);
}

/** Every provider route, each in its own scope (own body parsers, own hooks). */
export function registerWebhooks(deps: HttpDeps): FastifyPluginAsync {
  return async (app) => {
    await app.register(twilio(deps));
    await app.register(signalwire(deps));
    await app.register(telnyx(deps));
    await app.register(bandwidth(deps));
  };
}
