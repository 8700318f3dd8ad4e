import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupQueries } from '../../src/cli/explain.js';
import { insertCalls } from '../../src/store/calls.js';
import { openDb } from '../../src/store/db.js';
import { runCli, tempDb } from './run-cli.js';

describe('sipbot explain', () => {
  it('prints the explanation as text and leaves no database behind when there is none', async () => {
    const db = tempDb();
    const r = await runCli(['explain', '403', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^403 Forbidden\n=============\n/);
    expect(r.stdout).toContain('Next steps');
    // Nothing can press a button in a shell: none are listed.
    expect(r.stdout).not.toContain('[1] ');
    expect(existsSync(db)).toBe(false);
  });

  it('adds "in your data" from the database given with --db', async () => {
    const path = tempDb();
    const db = openDb(path);
    const now = Date.now();
    insertCalls(
      db,
      [0, 1, 2, 3].map((i) => ({
        source: 'cli-test',
        callId: `c${i}`,
        startMs: now - (i + 1) * 60_000,
        caller: '+12125550123',
        callee: '+15125550100',
        callerCountry: 'US',
        callerNpa: '212',
        callerState: 'NY',
        calleeCountry: 'US',
        calleeNpa: '512',
        calleeState: 'TX',
        calleeRegion: '512',
        route: 'telco-east',
        sipCode: i < 3 ? 403 : 200,
        sipReason: i < 3 ? 'Spam suspected' : 'OK',
        q850Cause: null,
        durationS: null,
        campaign: null,
        attestation: null,
        hangupSource: null,
        pddMs: null,
        progressCode: null,
      })),
    );
    db.close();
    const r = await runCli(['explain', '403', '--db', path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Last 24 h:   3 calls, 75% of 4');
    expect(r.stdout).toMatch(/Spam suspected\s+3\s+Refused by reputation or analytics/);
  });

  it('prints the documented JSON shape', async () => {
    const r = await runCli(['explain', '403', '--json', '--db', tempDb()]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ code: 403, reason: 'Forbidden', class: '4xx', references: ['RFC 3261'], q850: [21] });
    expect(typeof j.summary).toBe('string');
    expect(typeof j.outbound).toBe('string');
    expect(Array.isArray(j.next_steps)).toBe(true);
  });

  it('prints an array for several queries, in order', async () => {
    const r = await runCli(['explain', '486', '603 Network Blocked', 'SIP/2.0 608 Rejected', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Array<{ code: number; key: string }>;
    expect(j.map((x) => x.key)).toEqual(['486', '603+', '608']);
  });

  it('explains a Reason header and q850 given as two words', async () => {
    const a = await runCli(['explain', 'Reason: Q.850;cause=21;text="Call Rejected"', '--json']);
    expect(JSON.parse(a.stdout)).toMatchObject({ kind: 'q850', cause: 21, name: 'Call rejected' });
    const b = await runCli(['explain', 'q850', '21', '--json']);
    const j = JSON.parse(b.stdout) as { from_sip: Array<{ code: number; stacks: string[] }> };
    expect(j.from_sip.map((x) => x.code)).toEqual([401, 402, 403, 407, 603, 608]);
    expect(j.from_sip.find((x) => x.code === 608)?.stacks).toEqual(['freeswitch']);
  });

  it('fails with exit 1 and one clear line for an unknown code', async () => {
    const r = await runCli(['explain', '799']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('sipbot: No SIP response 799. Codes run from 100 to 699.');
  });

  it('fails before printing anything when one of several queries is bad', async () => {
    const r = await runCli(['explain', '403', '4O3', '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Did you mean 403?');
  });

  it('is bad usage (exit 2) without a query', async () => {
    const r = await runCli(['explain']);
    expect(r.code).toBe(2);
  });
});

describe('groupQueries', () => {
  it.each([
    [['403'], ['403']],
    [
      ['403', '603'],
      ['403', '603'],
    ],
    [
      ['603', 'Network', 'Blocked', '608'],
      ['603 Network Blocked', '608'],
    ],
    [
      ['q850', '21', '403'],
      ['q850 21', '403'],
    ],
    [['SIP/2.0', '403', 'Forbidden'], ['SIP/2.0 403 Forbidden']],
    [['busy', 'here'], ['busy here']],
    [['Reason: Q.850;cause=21'], ['Reason: Q.850;cause=21']],
  ])('%j -> %j', (words, out) => {
    expect(groupQueries(words)).toEqual(out);
  });
});
