import { beforeEach, describe, expect, it } from 'vitest';
import { runText } from '../../commands/registry.js';
import { command } from '../../commands/explain.js';
import type { CommandEnv } from '../../commands/types.js';
import type { CallRecord } from '../../src/core/call.js';
import { isUserError } from '../../src/errors.js';
import type { Block, Reply } from '../../src/reply.js';
import { insertCalls } from '../../src/store/calls.js';
import { testCtx } from '../helpers/ctx.js';

const NOW = Date.parse('2026-11-21T12:00:00Z');
const HOUR = 3_600_000;
let seq = 0;

/** A realistic call record; tests override what they care about. */
function call(over: Partial<CallRecord> = {}): CallRecord {
  seq += 1;
  return {
    source: 'test',
    callId: `c-${seq}`,
    startMs: NOW - HOUR,
    caller: '+12125550100',
    callee: '+15125550199',
    callerCountry: 'US',
    callerNpa: '212',
    callerState: 'NY',
    calleeCountry: 'US',
    calleeNpa: '512',
    calleeState: 'TX',
    calleeRegion: '512',
    route: 'telco-east',
    sipCode: 200,
    sipReason: 'OK',
    q850Cause: 16,
    durationS: 42,
    campaign: null,
    attestation: 'A',
    hangupSource: null,
    pddMs: 2100,
    progressCode: 180,
    ...over,
  };
}

function block(reply: Reply, heading: string): Block | undefined {
  return reply.blocks.find((b) => 'heading' in b && b.heading?.startsWith(heading));
}

function env(ctx = testCtx()): CommandEnv {
  return { ctx, invoker: { platform: 'console', userId: 'u1', channelId: 'console' } };
}

describe('/sip 403 with calls in the database', () => {
  let e: CommandEnv;
  beforeEach(() => {
    seq = 0;
    e = env(testCtx({ now: '2026-11-21T12:00:00Z' }));
    const calls: CallRecord[] = [];
    // Last 24 h: 100 calls, 20 refused with 403: +12125550123 12 times on two routes, +13125550188 8 times.
    for (let i = 0; i < 12; i++)
      calls.push(
        call({
          caller: '+12125550123',
          route: i % 2 ? 'telco-west' : 'telco-east',
          sipCode: 403,
          sipReason: 'Forbidden',
          q850Cause: 21,
          startMs: NOW - (i + 1) * HOUR,
        }),
      );
    for (let i = 0; i < 8; i++)
      calls.push(
        call({
          caller: '+13125550188',
          route: 'sipline',
          calleeRegion: '737',
          sipCode: 403,
          sipReason: 'Caller Origination Number is Invalid D35',
          startMs: NOW - (i + 1) * HOUR,
        }),
      );
    for (let i = 0; i < 80; i++) calls.push(call({ startMs: NOW - ((i % 20) + 1) * HOUR }));
    // Days 2-6: 200 calls, 10 of them 403.
    for (let i = 0; i < 200; i++)
      calls.push(
        call({
          startMs: NOW - (30 + i * 0.6) * HOUR,
          ...(i < 10 ? { sipCode: 403, sipReason: 'Forbidden', caller: '+12125550123' } : {}),
        }),
      );
    // The week before: 100 calls, 5 of them 403; and one call older than that, never counted.
    for (let i = 0; i < 100; i++)
      calls.push(
        call({ startMs: NOW - (8 * 24 + i) * HOUR, ...(i < 5 ? { sipCode: 403, sipReason: 'Forbidden' } : {}) }),
      );
    calls.push(call({ startMs: NOW - 20 * 24 * HOUR, sipCode: 403 }));
    // A call in the future (clock skew at the source) is outside every window.
    calls.push(call({ startMs: NOW + HOUR, sipCode: 403 }));
    insertCalls(e.ctx.db, calls);
  });

  it('counts the last 24 h and 7 days, with their share and the trend', async () => {
    const reply = await runText('403', e);
    expect(reply.title).toBe('403 Forbidden');
    const data = block(reply, 'In your data');
    expect(data).toEqual({
      kind: 'fields',
      heading: 'In your data',
      fields: [
        { label: 'Last 24 h', value: '20 calls, 20% of 100' },
        { label: 'Last 7 days', value: '30 calls, 10% of 300' },
        { label: 'Trend', value: 'up (2.0x): 10% of calls, against 5.0% (5 of 100) the week before' },
      ],
    });
  });

  it('shows the top caller numbers, routes and regions', async () => {
    const reply = await runText('403', e);
    const callers = block(reply, 'Top caller numbers');
    expect(callers).toMatchObject({ kind: 'table' });
    if (callers?.kind !== 'table') return;
    expect(callers.rows[0]).toEqual(['+12125550123', '22', '22', '100%']);
    expect(callers.rows[1]).toEqual(['+13125550188', '8', '8', '100%']);
    const routes = block(reply, 'Routes');
    if (routes?.kind !== 'table') throw new Error('no routes table');
    expect(routes.rows.map((r) => r[0])).toEqual(['telco-east', 'sipline', 'telco-west']);
    expect(routes.rows[0]?.[1]).toBe('16');
    const regions = block(reply, 'Destination regions');
    if (regions?.kind !== 'table') throw new Error('no regions table');
    expect(regions.rows).toEqual([
      ['512 (TX)', '22', '73%'],
      ['737 (TX)', '8', '27%'],
    ]);
  });

  it('decodes the reason phrases seen', async () => {
    const reply = await runText('403', e);
    const reasons = block(reply, 'Reason phrases seen');
    if (reasons?.kind !== 'table') throw new Error('no reasons table');
    expect(reasons.rows).toContainEqual([
      'Caller Origination Number is Invalid D35',
      '8',
      'Telnyx D35: caller ID not valid',
    ]);
    expect(reasons.rows).toContainEqual(['Forbidden', '22', '-']);
  });

  it('offers the next steps as buttons', async () => {
    const reply = await runText('explain 403', e);
    expect(reply.buttons?.map((b) => [b.label, b.action])).toEqual([
      ['Show calls', 'calls.show'],
      ['Show patterns', 'patterns.show'],
      ['Start the 403 checklist', 'check.start'],
      ['Request expert review', 'escalate.open'],
      ['More about 403', 'explain.more'],
      ['Share', 'explain.share'],
    ]);
  });

  it('counts only 603 Network Blocked for 603+', async () => {
    insertCalls(e.ctx.db, [
      call({ sipCode: 603, sipReason: 'Network Blocked', startMs: NOW - HOUR }),
      call({ sipCode: 603, sipReason: 'Decline', startMs: NOW - HOUR }),
    ]);
    const plus = block(await runText('603 Network Blocked', e), 'In your data');
    const all = block(await runText('603', e), 'In your data');
    expect(plus).toMatchObject({
      fields: [{ label: 'Last 24 h', value: '1 calls, 1.0% of 102' }, expect.anything(), expect.anything()],
    });
    expect(all).toMatchObject({
      fields: [{ label: 'Last 24 h', value: '2 calls, 2.0% of 102' }, expect.anything(), expect.anything()],
    });
    const reply603 = await runText('603', e);
    expect(reply603.blocks).toContainEqual({
      kind: 'context',
      text: '1 of the 2 were 603 Network Blocked (603+), the analytics-blocking notice: `/sip 603+`.',
    });
  });

  it('shows which SIP codes sat behind a Q.850 cause', async () => {
    const reply = await runText('q850 21', e);
    const t = reply.blocks.find((b) => b.kind === 'table' && b.heading?.startsWith('In your data'));
    expect(t).toMatchObject({
      heading: 'In your data: 12 of the latest 300 calls (7 days) had cause 21 (4.0%)',
      rows: [['403', '12']],
    });
  });
});

describe('/sip explain without data', () => {
  it('leaves out "In your data" when the database is empty', async () => {
    const reply = await runText('403', env());
    expect(block(reply, 'In your data')).toBeUndefined();
    expect(reply.blocks[0]).toMatchObject({ kind: 'text' });
  });

  it('keeps the placeholder contract: name explain, parse returns the text as query', () => {
    expect(command.name).toBe('explain');
    expect(command.parse?.('SIP/2.0 403 Forbidden')).toEqual({ code: 'SIP/2.0 403 Forbidden' });
  });

  it('answers 608 with who refuses and the jwscard redress', async () => {
    const reply = await runText('608', env());
    expect(reply.title).toBe('608 Rejected');
    const who = block(reply, 'Who refuses');
    expect(who).toMatchObject({ kind: 'fields' });
    expect(JSON.stringify(reply)).toContain('jwscard');
  });

  it('explains a 603+ Reason header part by part', async () => {
    const reply = await runText(
      'Reason: SIP;cause=603;text="v=analytics1;url=https://redress.example.com;id=AB12";location=LN',
      env(),
    );
    expect(reply.title).toBe('603 Network Blocked (603+)');
    const r = block(reply, 'Reason header');
    expect(r).toMatchObject({ kind: 'list' });
    if (r?.kind !== 'list') return;
    expect(r.items).toContain('Redress URL: https://redress.example.com');
    expect(r.items.join('\n')).toMatch(/Location LN \(RFC 8606\): the public network serving the local user/);
  });

  it("reads the carrier's reason phrase and says whose problem it is", async () => {
    const own = block(
      await runText('SIP/2.0 403 Caller Origination Number is Invalid D35', env()),
      'The reason phrase',
    );
    expect(own).toMatchObject({ kind: 'text' });
    if (own?.kind === 'text') {
      expect(own.text).toContain('reads as **Telnyx D35: caller ID not valid**.');
      expect(own.text).toContain('A check on your side (caller-ID rules), not reputation blocking.');
    }
    const spam = block(await runText('403 Spam suspected', env()), 'The reason phrase');
    expect(spam?.kind === 'text' && spam.text).toContain('The network is refusing your number');
    const unknown = block(await runText('403 Nope', env()), 'The reason phrase');
    expect(unknown?.kind === 'text' && unknown.text).toContain('names no cause I know');
  });

  it('offers the checklist only where it helps, and no buttons for 1xx/2xx', async () => {
    const labels = async (q: string): Promise<string[]> =>
      ((await runText(q, env())).buttons ?? []).map((b) => b.label);
    expect(await labels('608')).toContain('Start the 403 checklist');
    expect(await labels('488')).toEqual(['Show patterns', 'Request expert review', 'Share']);
    expect(await labels('200')).toEqual(['Share']);
    expect(await labels('183')).toEqual(['Share']);
  });

  it('turns a near miss into a UserError with a suggestion', async () => {
    const err = await Promise.resolve(runText('4O3', env())).catch((x: unknown) => x);
    expect(isUserError(err)).toBe(true);
    if (!isUserError(err)) return;
    expect(err.code).toBe('sip.unknown_code');
    expect(err.message).toContain('Did you mean 403?');
    const err2 = await Promise.resolve(runText('799', env())).catch((x: unknown) => x);
    expect(isUserError(err2) && err2.message).toBe('No SIP response 799. Codes run from 100 to 699.');
  });

  it("keeps every text block within Slack's 3000-character section for every code", async () => {
    const { allCodes } = await import('../../src/core/sip/codes.js');
    for (const c of allCodes()) {
      const reply = await runText(c.key === '603+' ? '603 Network Blocked' : String(c.code), env());
      for (const b of reply.blocks) {
        if (b.kind === 'text' || b.kind === 'context') expect(b.text.length, c.key).toBeLessThanOrEqual(3000);
        if (b.kind === 'list') expect(b.items.join('\n').length, c.key).toBeLessThanOrEqual(3000);
        if (b.kind === 'fields') for (const f of b.fields) expect(f.value.length, c.key).toBeLessThanOrEqual(1024);
      }
      for (const btn of reply.buttons ?? []) expect(btn.action.length + btn.value.length + 1).toBeLessThanOrEqual(100);
    }
  });
});
