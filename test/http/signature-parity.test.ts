import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SIGNALWIRE_KEY,
  TELNYX,
  TWILIO_TOKEN,
  fixture,
  formParams,
  startServer,
  telnyxSign,
  type Running,
} from './helpers.js';

/**
 * The providers' own libraries as the clients and as the judges: each request is signed with
 * the provider's library (or tampered with), the provider's validator says whether it is valid,
 * and sipbot must answer 200 exactly when it is, 401 otherwise.
 */
type Params = Record<string, string | string[]>;
interface CompatWebhooks {
  validateRequest(token: string, signature: string, url: string, params: Params, suppressWarning?: boolean): boolean;
  validateRequestWithBody(token: string, signature: string, url: string, body: string): boolean;
}
interface TelnyxVerifier {
  verify(payload: string, headers: Record<string, string>): Promise<void>;
}
const require = createRequire(import.meta.url);
const signalwire = (require('@signalwire/compatibility-api') as { RestClient: CompatWebhooks }).RestClient;

/**
 * SignalWire's package validates but does not export its signer: this signs the way its
 * validator reads (names sorted, a repeated name's values in the order given). The validator
 * stays the judge of every case, and the cases say what it must answer.
 */
function signalwireSign(key: string, url: string, params: Params): string {
  let data = url;
  for (const k of Object.keys(params).sort()) for (const v of [params[k]!].flat()) data += k + v;
  return createHmac('sha1', key).update(data).digest('base64');
}
const { TelnyxWebhook } = require('telnyx/lib/webhooks.js') as { TelnyxWebhook: new (key: string) => TelnyxVerifier };

const PUBLIC = 'https://sipbot.example.com';
let server: Running;
beforeAll(async () => {
  // The real clock: Telnyx's verifier reads Date.now().
  server = await startServer({ env: { SIPBOT_PUBLIC_URL: PUBLIC }, now: new Date().toISOString() });
});
afterAll(() => server.close());

function formBody(params: Params): string {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const x of Array.isArray(v) ? v : [v]) out.append(k, x);
  return out.toString();
}

async function send(path: string, body: string, headers: Record<string, string>): Promise<number> {
  return (await fetch(`${server.base}${path}`, { method: 'POST', headers, body })).status;
}

let n = 0;
const sid = (): string => `CAparity${String(++n).padStart(6, '0')}`;

describe('Twilio: sipbot accepts what twilio-node validateRequest accepts', () => {
  const path = '/webhooks/twilio?tenant=7';
  const url = PUBLIC + path;
  const cases: Array<{
    name: string;
    valid: boolean;
    signedUrl: string;
    signed: (p: Params) => Params;
    sent: (p: Params) => Params;
    algorithm?: 'HMAC_SHA256';
  }> = [
    { name: 'as signed', valid: true, signedUrl: url, signed: (p) => p, sent: (p) => p },
    {
      name: 'signed with the default port :443',
      valid: true,
      signedUrl: url.replace('.com/', '.com:443/'),
      signed: (p) => p,
      sent: (p) => p,
    },
    {
      name: 'signed with the wrong port :8443',
      valid: false,
      signedUrl: url.replace('.com/', '.com:8443/'),
      signed: (p) => p,
      sent: (p) => p,
    },
    {
      name: 'repeated parameters, duplicates and out of order',
      valid: true,
      signedUrl: url,
      signed: (p) => ({ ...p, Tag: ['b', 'a', 'b'] }),
      sent: (p) => ({ ...p, Tag: ['b', 'a', 'b'] }),
    },
    {
      name: 'a repeated value dropped',
      valid: false,
      signedUrl: url,
      signed: (p) => ({ ...p, Tag: ['b', 'a'] }),
      sent: (p) => ({ ...p, Tag: ['b'] }),
    },
    {
      name: 'a tampered SIP code',
      valid: false,
      signedUrl: url,
      signed: (p) => p,
      sent: (p) => ({ ...p, SipResponseCode: '200' }),
    },
    {
      name: 'another query string',
      valid: false,
      signedUrl: url.replace('tenant=7', 'tenant=8'),
      signed: (p) => p,
      sent: (p) => p,
    },
    {
      name: 'HMAC-SHA256 (signature settings header)',
      valid: true,
      signedUrl: url,
      signed: (p) => p,
      sent: (p) => p,
      algorithm: 'HMAC_SHA256',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const base = formParams('twilio-status-failed-403.form', { CallSid: sid() });
      const signed = c.signed(base);
      const sent = c.sent(base);
      const signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, c.signedUrl, signed, c.algorithm);
      const valid = twilio.validateRequest(TWILIO_TOKEN, signature, url, sent, c.algorithm);
      expect(valid).toBe(c.valid);
      const headers: Record<string, string> = {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature,
      };
      if (c.algorithm)
        headers['x-twilio-webhooks-signature-settings'] = `key=webhooks_sharedkey_1,algorithm=${c.algorithm}`;
      expect(await send(path, formBody(sent), headers)).toBe(valid ? 200 : 401);
    });
  }

  it('JSON bodies with bodySHA256: valid, tampered body, tampered hash (validateRequestWithBody)', async () => {
    const body = JSON.stringify({
      CallSid: sid(),
      CallStatus: 'failed',
      SipResponseCode: '403',
      From: '+12125550123',
      To: '+15125550187',
    });
    const hash = createHash('sha256').update(body).digest('hex');
    const jsonPath = `/webhooks/twilio?bodySHA256=${hash}`;
    const signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, PUBLIC + jsonPath, {});
    const tampered = body.replace('403', '200');
    const otherHash = `/webhooks/twilio?bodySHA256=${createHash('sha256').update(tampered).digest('hex')}`;
    const verdicts = [
      [jsonPath, body],
      [jsonPath, tampered],
      [otherHash, tampered],
    ].map(([p, b]) => twilio.validateRequestWithBody(TWILIO_TOKEN, signature, PUBLIC + p!, b!));
    expect(verdicts).toEqual([true, false, false]);
    const statuses = [
      await send(jsonPath, body, { 'content-type': 'application/json', 'x-twilio-signature': signature }),
      await send(jsonPath, tampered, { 'content-type': 'application/json', 'x-twilio-signature': signature }),
      await send(otherHash, tampered, { 'content-type': 'application/json', 'x-twilio-signature': signature }),
    ];
    expect(statuses).toEqual(verdicts.map((v) => (v ? 200 : 401)));
  });
});

describe('SignalWire: sipbot accepts what @signalwire/compatibility-api validateRequest accepts', () => {
  const path = '/webhooks/signalwire';
  const url = PUBLIC + path;
  const cases: Array<{ name: string; signedUrl: string; signed: Params; sent: Params; valid: boolean }> = [
    { name: 'as signed', signedUrl: url, signed: {}, sent: {}, valid: true },
    {
      name: 'signed with the default port',
      signedUrl: url.replace('.com/', '.com:443/'),
      signed: {},
      sent: {},
      valid: true,
    },
    {
      name: 'repeated parameters in the order sent',
      signedUrl: url,
      signed: { Tag: ['b', 'a'] },
      sent: { Tag: ['b', 'a'] },
      valid: true,
    },
    {
      name: 'repeated parameters signed in another order',
      signedUrl: url,
      signed: { Tag: ['a', 'b'] },
      sent: { Tag: ['b', 'a'] },
      valid: false,
    },
    { name: 'a tampered SIP code', signedUrl: url, signed: {}, sent: { SipResultCode: '200' }, valid: false },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const base = formParams('signalwire-status-603.form', { CallSid: sid() });
      const signed = { ...base, ...c.signed };
      const sent = { ...base, ...c.sent };
      const signature = signalwireSign(SIGNALWIRE_KEY, c.signedUrl, signed);
      const valid = signalwire.validateRequest(SIGNALWIRE_KEY, signature, url, sent, true);
      expect(valid).toBe(c.valid);
      expect(
        await send(path, formBody(sent), {
          'content-type': 'application/x-www-form-urlencoded',
          'x-signalwire-signature': signature,
        }),
      ).toBe(valid ? 200 : 401);
    });
  }

  it('a JSON body with bodySHA256 (validateRequestWithBody), valid and tampered', async () => {
    const body = JSON.stringify({
      CallSid: sid(),
      CallStatus: 'failed',
      SipResultCode: '603',
      From: '+12125550123',
      To: '+15125550187',
    });
    const p = `${path}?bodySHA256=${createHash('sha256').update(body).digest('hex')}`;
    const signature = signalwireSign(SIGNALWIRE_KEY, PUBLIC + p, {});
    const tampered = body.replace('603', '200');
    expect([
      signalwire.validateRequestWithBody(SIGNALWIRE_KEY, signature, PUBLIC + p, body),
      signalwire.validateRequestWithBody(SIGNALWIRE_KEY, signature, PUBLIC + p, tampered),
    ]).toEqual([true, false]);
    expect(await send(p, body, { 'content-type': 'application/json', 'x-signalwire-signature': signature })).toBe(200);
    expect(await send(p, tampered, { 'content-type': 'application/json', 'x-signalwire-signature': signature })).toBe(
      401,
    );
  });
});

describe("Telnyx: sipbot accepts what telnyx-node's TelnyxWebhook.verify accepts", () => {
  const verifier = new TelnyxWebhook(TELNYX.publicB64);
  const now = (): number => Math.floor(Date.now() / 1000);
  const cases: Array<{
    name: string;
    valid: boolean;
    headers: (body: string) => Record<string, string>;
    sent?: (body: string) => string;
  }> = [
    {
      name: 'signed now',
      valid: true,
      headers: (b) => ({ ts: String(now()), sig: telnyxSign(TELNYX.privateKey, String(now()), b) }),
    },
    {
      name: 'signed 4 minutes ago',
      valid: true,
      headers: (b) => ({ ts: String(now() - 240), sig: telnyxSign(TELNYX.privateKey, String(now() - 240), b) }),
    },
    {
      name: 'signed 6 minutes ago',
      valid: false,
      headers: (b) => ({ ts: String(now() - 360), sig: telnyxSign(TELNYX.privateKey, String(now() - 360), b) }),
    },
    {
      name: 'signed 6 minutes ahead',
      valid: false,
      headers: (b) => ({ ts: String(now() + 360), sig: telnyxSign(TELNYX.privateKey, String(now() + 360), b) }),
    },
    {
      name: 'a timestamp that is not digits',
      valid: false,
      headers: (b) => ({ ts: `${now()}.0`, sig: telnyxSign(TELNYX.privateKey, `${now()}.0`, b) }),
    },
    {
      name: 'the signature without its padding',
      valid: false,
      headers: (b) => ({ ts: String(now()), sig: telnyxSign(TELNYX.privateKey, String(now()), b).replace(/=+$/, '') }),
    },
    {
      name: 'a tampered body',
      valid: false,
      headers: (b) => ({ ts: String(now()), sig: telnyxSign(TELNYX.privateKey, String(now()), b) }),
      sent: (b) => b.replace('403', '200'),
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const body = fixture('telnyx-call-hangup-403.json').replace(
        /"call_control_id":\s*"[^"]*"/,
        `"call_control_id": "${sid()}"`,
      );
      const { ts, sig } = c.headers(body) as { ts: string; sig: string };
      const sent = c.sent ? c.sent(body) : body;
      const headers = { 'telnyx-signature-ed25519': sig, 'telnyx-timestamp': ts };
      const valid = await verifier.verify(sent, headers).then(
        () => true,
        () => false,
      );
      expect(valid).toBe(c.valid);
      expect(await send('/webhooks/telnyx', sent, { 'content-type': 'application/json', ...headers })).toBe(
        valid ? 200 : 401,
      );
    });
  }
});
