import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataPath } from '../../src/paths.js';
import { q850FileSchema, reasonPatternsFileSchema, sipCodesFileSchema } from '../../src/core/sip/schema.js';

const codes = sipCodesFileSchema.parse(JSON.parse(readFileSync(dataPath('sip-codes.json'), 'utf8')));
const q850 = q850FileSchema.parse(JSON.parse(readFileSync(dataPath('q850.json'), 'utf8')));
const patterns = reasonPatternsFileSchema.parse(JSON.parse(readFileSync(dataPath('reason-patterns.json'), 'utf8')));

// The IANA "Response Codes" registry (sip-parameters), 75 codes, with its exact phrases.
const IANA: Record<number, string> = {
  100: 'Trying',
  180: 'Ringing',
  181: 'Call Is Being Forwarded',
  182: 'Queued',
  183: 'Session Progress',
  199: 'Early Dialog Terminated',
  200: 'OK',
  202: 'Accepted (Deprecated)',
  204: 'No Notification',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Moved Temporarily',
  305: 'Use Proxy',
  380: 'Alternative Service',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  410: 'Gone',
  412: 'Conditional Request Failed',
  413: 'Request Entity Too Large',
  414: 'Request-URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme',
  417: 'Unknown Resource-Priority',
  420: 'Bad Extension',
  421: 'Extension Required',
  422: 'Session Interval Too Small',
  423: 'Interval Too Brief',
  424: 'Bad Location Information',
  425: 'Bad Alert Message',
  428: 'Use Identity Header',
  429: 'Provide Referrer Identity',
  430: 'Flow Failed',
  433: 'Anonymity Disallowed',
  436: 'Bad Identity Info',
  437: 'Unsupported Credential',
  438: 'Invalid Identity Header',
  439: 'First Hop Lacks Outbound Support',
  440: 'Max-Breadth Exceeded',
  469: 'Bad Info Package',
  470: 'Consent Needed',
  480: 'Temporarily Unavailable',
  481: 'Call/Transaction Does Not Exist',
  482: 'Loop Detected',
  483: 'Too Many Hops',
  484: 'Address Incomplete',
  485: 'Ambiguous',
  486: 'Busy Here',
  487: 'Request Terminated',
  488: 'Not Acceptable Here',
  489: 'Bad Event',
  491: 'Request Pending',
  493: 'Undecipherable',
  494: 'Security Agreement Required',
  500: 'Server Internal Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Server Time-out',
  505: 'Version Not Supported',
  513: 'Message Too Large',
  555: 'Push Notification Service Not Supported',
  580: 'Precondition Failure',
  600: 'Busy Everywhere',
  603: 'Decline',
  604: 'Does Not Exist Anywhere',
  606: 'Not Acceptable',
  607: 'Unwanted',
  608: 'Rejected',
};

// Platform limits the texts must fit without cutting.
const DISCORD_FIELD = 1024;
const SLACK_SECTION = 3000;

describe('data/sip-codes.json', () => {
  const registered = codes.codes.filter((c) => c.registered);

  it('holds every code of the IANA registry, with its exact phrase, and nothing else as registered', () => {
    expect(Object.keys(IANA)).toHaveLength(75);
    expect(registered).toHaveLength(75);
    expect(codes.registry.registered_count).toBe(75);
    for (const c of registered) expect(IANA[c.code], `${c.code}`).toBe(c.reason);
  });

  it('has unique keys, codes 100-699, and the class of the first digit', () => {
    const keys = codes.codes.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const c of codes.codes) {
      expect(c.code).toBeGreaterThanOrEqual(100);
      expect(c.code).toBeLessThanOrEqual(699);
      expect(c.class).toBe(`${String(c.code)[0]}xx`);
      expect(c.key.replace('+', '')).toBe(String(c.code));
    }
  });

  it('marks unregistered codes and says where they come from', () => {
    const unregistered = codes.codes.filter((c) => !c.registered);
    expect(unregistered.map((c) => c.key)).toEqual(expect.arrayContaining(['603+', '409', '411']));
    for (const c of unregistered) expect(c.provenance, c.key).toBeTruthy();
    const plus = codes.codes.find((c) => c.key === '603+');
    expect(plus).toMatchObject({
      code: 603,
      reason: 'Network Blocked',
      references: expect.arrayContaining(['ATIS-1000099']),
    });
  });

  it('explains every code: summary, outbound meaning, causes and next steps, within the platform limits', () => {
    for (const c of codes.codes) {
      expect(c.summary.length, c.key).toBeGreaterThan(30);
      expect(c.outbound.length, c.key).toBeGreaterThan(30);
      expect(c.summary.length + c.outbound.length).toBeLessThan(SLACK_SECTION);
      expect(c.causes.join('\n- ').length + 2, c.key).toBeLessThanOrEqual(DISCORD_FIELD);
      expect(c.next_steps.join('\n9. ').length + 3, c.key).toBeLessThanOrEqual(DISCORD_FIELD);
      for (const t of [c.summary, c.outbound, ...c.causes, ...c.next_steps]) expect(t, c.key).toMatch(/[.?!)"`]$/);
      if (c.blocking) expect(c.blocking.remedies.join('\n- ').length).toBeLessThanOrEqual(DISCORD_FIELD);
    }
  });

  it('gives the blocking family who refuses, what it says and what the caller can do', () => {
    for (const key of ['403', '603', '603+', '607', '608']) {
      const c = codes.codes.find((x) => x.key === key);
      expect(c?.blocking, key).toBeDefined();
    }
    const refusals = codes.codes
      .filter((c) => c.policy_refusal)
      .map((c) => c.key)
      .sort();
    expect(refusals).toEqual(['403', '603+', '607', '608']);
    expect(codes.codes.find((c) => c.key === '608')?.blocking?.meaning).toMatch(/jwscard/);
    expect(codes.codes.find((c) => c.key === '603+')?.blocking?.remedies.join(' ')).toMatch(/url\/tel\/email/);
  });

  it('says where the registry disagrees with names people see', () => {
    const note = (k: string): string => codes.codes.find((c) => c.key === k)?.note ?? '';
    expect(note('437')).toMatch(/Unsupported Certificate/);
    expect(note('436')).toMatch(/Bad Identity-Info/);
    expect(note('500')).toMatch(/Internal Server Error/);
    expect(note('429')).toMatch(/Too Many Requests/);
  });
});

describe('data/q850.json', () => {
  const known = new Set(codes.codes.map((c) => c.code));
  const causes = new Set(q850.causes.map((c) => c.cause));

  it('names unique causes between 1 and 127, including the ones the stacks use', () => {
    expect(causes.size).toBe(q850.causes.length);
    for (const c of [1, 16, 17, 18, 19, 21, 28, 31, 34, 41, 102, 127]) expect(causes.has(c), String(c)).toBe(true);
  });

  it('maps only known SIP codes to known causes, and back', () => {
    for (const [stack, table] of Object.entries(q850.sip_to_q850)) {
      for (const [code, cause] of Object.entries(table)) {
        expect(known.has(Number(code)), `${stack} ${code}`).toBe(true);
        expect(causes.has(cause), `${stack} ${code}->${cause}`).toBe(true);
      }
    }
    for (const [stack, table] of Object.entries(q850.q850_to_sip)) {
      for (const [cause, code] of Object.entries(table)) {
        expect(causes.has(Number(cause)), `${stack} q${cause}`).toBe(true);
        expect(known.has(code), `${stack} q${cause}->${code}`).toBe(true);
      }
    }
    for (const stack of ['rfc3398', 'freeswitch', 'asterisk'] as const) {
      for (const c of Object.values(q850.sip_to_q850_default[stack])) expect(causes.has(c)).toBe(true);
      expect(known.has(q850.q850_to_sip_default[stack])).toBe(true);
    }
  });

  it('records the differences blocking-codes.md §5 describes', () => {
    expect(q850.sip_to_q850.rfc3398['608']).toBeUndefined();
    expect(q850.sip_to_q850.freeswitch['608']).toBe(21);
    expect(q850.sip_to_q850.asterisk['608']).toBeUndefined();
    expect(q850.sip_to_q850_default.asterisk['6xx']).toBe(127);
    expect(q850.sip_to_q850.asterisk['402']).toBeUndefined();
    for (const code of ['401', '403', '407', '603'])
      for (const s of ['rfc3398', 'freeswitch', 'asterisk'] as const) expect(q850.sip_to_q850[s][code]).toBe(21);
    expect(q850.q850_to_sip.freeswitch['21']).toBe(603);
    expect(q850.q850_to_sip.rfc3398['21']).toBe(403);
  });
});

describe('data/reason-patterns.json', () => {
  it('has unique ids, valid patterns and a check for each', () => {
    const ids = patterns.patterns.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of patterns.patterns) {
      expect(() => new RegExp(p.pattern, 'i')).not.toThrow();
      expect(p.check.length).toBeLessThanOrEqual(DISCORD_FIELD);
    }
  });
  it('covers every category', () => {
    const cats = new Set(patterns.patterns.map((p) => p.category));
    for (const c of [
      'credentials',
      'ip_allowlist',
      'account',
      'caller_id',
      'destination_permission',
      'limit',
      'reputation',
      'stir',
    ])
      expect(cats.has(c as never), c).toBe(true);
  });
});
