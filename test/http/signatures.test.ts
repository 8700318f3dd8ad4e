import { describe, expect, it } from 'vitest';
import { verifyBasic } from '../../src/http/webhooks/basic-auth.js';
import { telnyxKey, verifyTelnyx } from '../../src/http/webhooks/telnyx-signature.js';
import { twilioSignature, urlVariants, verifyTwilio } from '../../src/http/webhooks/twilio-signature.js';
import { TELNYX, telnyxSign } from './helpers.js';

describe('twilio signature', () => {
  // The worked example of https://www.twilio.com/docs/usage/security#validating-requests
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+12349013030',
    Digits: '1234',
    From: '+12349013030',
    To: '+18005551212',
  };

  it("matches Twilio's published vector", () => {
    expect(twilioSignature('12345', url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('refuses a changed parameter, URL, key or a missing header', () => {
    const sig = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';
    expect(verifyTwilio({ key: '12345', signature: sig, url: url }, params)).toBe(true);
    expect(verifyTwilio({ key: '12345', signature: sig, url: url }, { ...params, Digits: '9999' })).toBe(false);
    expect(verifyTwilio({ key: '12345', signature: sig, url: url.replace('bar=2', 'bar=3') }, params)).toBe(false);
    expect(verifyTwilio({ key: '54321', signature: sig, url: url }, params)).toBe(false);
    expect(verifyTwilio({ key: '12345', signature: undefined, url: url }, params)).toBe(false);
  });

  it('accepts the URL signed with or without the default port, as Twilio validators do', () => {
    expect(urlVariants('https://a.example/x?y=1', false)).toEqual([
      'https://a.example/x?y=1',
      'https://a.example:443/x?y=1',
    ]);
    const signedWithPort = twilioSignature('k', 'https://a.example:443/x', { A: '1' });
    expect(verifyTwilio({ key: 'k', signature: signedWithPort, url: 'https://a.example/x' }, { A: '1' })).toBe(true);
  });

  it('signs repeated parameters value by value, sorted', () => {
    expect(twilioSignature('k', 'u', { A: ['2', '1'] })).toBe(twilioSignature('k', 'u', { A: ['1', '2'] }));
  });
});

describe('telnyx signature', () => {
  const key = telnyxKey(TELNYX.publicB64);
  const body = Buffer.from('{"data":{"event_type":"call.hangup"}}');
  const now = Date.parse('2026-11-21T12:00:00Z');
  const ts = String(now / 1000);

  it('verifies Ed25519 over "timestamp|body"', () => {
    expect(verifyTelnyx(key, telnyxSign(TELNYX.privateKey, ts, body.toString()), ts, body, now)).toBe('ok');
  });

  it('refuses another body, a stale timestamp and missing headers', () => {
    const sig = telnyxSign(TELNYX.privateKey, ts, body.toString());
    expect(verifyTelnyx(key, sig, ts, Buffer.from('{"data":{}}'), now)).toBe('bad_signature');
    expect(verifyTelnyx(key, sig, ts, body, now + 301_000)).toBe('stale');
    expect(verifyTelnyx(key, undefined, ts, body, now)).toBe('missing');
    expect(verifyTelnyx(key, 'AAAA', ts, body, now)).toBe('bad_signature');
  });

  it('refuses a public key that is not 32 bytes', () => {
    expect(() => telnyxKey(Buffer.from('short').toString('base64'))).toThrow(/32 bytes/);
  });
});

describe('basic auth', () => {
  const h = (s: string): string => `Basic ${Buffer.from(s).toString('base64')}`;
  it('accepts the configured pair only', () => {
    expect(verifyBasic(h('u:p:with:colons'), 'u', 'p:with:colons')).toBe(true);
    expect(verifyBasic(h('u:wrong'), 'u', 'p')).toBe(false);
    expect(verifyBasic(h('x:p'), 'u', 'p')).toBe(false);
    expect(verifyBasic(undefined, 'u', 'p')).toBe(false);
    expect(verifyBasic('Bearer abc', 'u', 'p')).toBe(false);
  });
});
