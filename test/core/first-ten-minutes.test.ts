import { describe, expect, it } from 'vitest';
import { runText } from '../../commands/registry.js';
import { parseDuration, parseSince } from '../../src/core/analysis/window-args.js';
import { resolveDay } from '../../src/core/digest/day-window.js';
import { parseQuery } from '../../src/core/sip/parse-query.js';
import { renderText } from '../../src/render/text.js';
import { testCtx } from '../helpers/ctx.js';

const NOW = new Date('2026-11-21T12:00:00Z');

describe('what newcomers paste and type', () => {
  it('a pasted Via line says what the header is and what to paste instead', () => {
    const r = parseQuery('Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toBe(
        'That is a Via header: the hops the request took (transport, address, branch); it carries no response code.',
      );
      expect(r.error.hints[0]).toContain('SIP/2.0 403 Forbidden');
    }
  });

  it('a status line in a trace with a Via line is still the status line', () => {
    const r = parseQuery('SIP/2.0 403 Forbidden\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776');
    expect(r.ok && r.query.kind === 'code' && r.query.code).toBe(403);
  });

  it('one or two letters are not a search (y listed 45 phrases); an exact short phrase still is', () => {
    const y = parseQuery('y');
    expect(y.ok).toBe(false);
    if (!y.ok) expect(y.error.message).toBe('"y" is too short to look up.');
    const ok = parseQuery('OK');
    expect(ok.ok && ok.query.kind === 'code' && ok.query.code).toBe(200);
  });

  it('--since takes durations in words, today, yesterday and dates', () => {
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(parseDuration('2 days')).toBe(2 * 86_400_000);
    expect(parseDuration('3 hours')).toBe(3 * 3_600_000);
    expect(parseSince('yesterday', NOW)).toBe(36 * 3_600_000);
    expect(parseSince('since today', NOW)).toBe(12 * 3_600_000);
    expect(parseSince('2026-11-20', NOW)).toBe(36 * 3_600_000);
    expect(parseSince('2026-11-20T06:00Z', NOW)).toBe(30 * 3_600_000);
    expect(parseSince('soon', NOW)).toBeNull();
    expect(parseSince('2026-12-01', NOW)).toBeNull();
  });

  it('digest takes yesterday and today', () => {
    expect(resolveDay('yesterday', NOW, 'UTC')).toBe('2026-11-20');
    expect(resolveDay(undefined, NOW, 'UTC')).toBe('2026-11-20');
    expect(resolveDay('today', NOW, 'America/Chicago')).toBe('2026-11-21');
    expect(() => resolveDay('someday', NOW, 'UTC')).toThrow(
      '"someday" is not a date; use YYYY-MM-DD (e.g. 2026-11-20), yesterday or today.',
    );
  });
});

describe('an empty database', () => {
  const env = () => ({
    ctx: testCtx({ now: NOW.toISOString() }),
    invoker: { platform: 'console' as const, userId: 'u', channelId: 'c' },
  });

  it('/sip 403 says there is no data and how to add some, near the top', async () => {
    const reply = await runText('403', env());
    const i = reply.blocks.findIndex(
      (b) => b.kind === 'context' && b.text.startsWith('No calls stored in the last 14 days'),
    );
    expect(i).toBe(1);
    expect(renderText(reply)).toContain('sipbot ingest FILE');
  });

  it('digest yesterday reads "No calls stored on <date>", not "for on"', async () => {
    const text = renderText(await runText('digest yesterday', env()));
    expect(text).toContain('No calls stored on 2026-11-20.');
    expect(text).not.toContain('for on');
  });

  it('check says once that there is no data, instead of "No calls for ..." at every step', async () => {
    const text = renderText(await runText('check', env()));
    expect(text.match(/No calls for/g)).toHaveLength(1);
    expect(text).toContain('so the data answers none of the steps');
  });
});
