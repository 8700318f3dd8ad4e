import { describe, expect, it } from 'vitest';
import { runAction, runText } from '../../commands/registry.js';
import type { CommandEnv } from '../../commands/types.js';
import { generateDemo } from '../../src/core/demo/seed-db.js';
import { DEFAULT_PLANTS } from '../../src/core/demo/plants.js';
import type { Reply } from '../../src/reply.js';
import { testCtx } from '../helpers/ctx.js';

const ctx = testCtx({ now: '2026-11-20T18:00:00Z' });
generateDemo(ctx.db, {
  days: 8,
  callsPerDay: 4000,
  end: new Date('2026-11-21T00:00:00Z'),
  seed: 2,
  plant: [...DEFAULT_PLANTS],
});
const env: CommandEnv = { ctx, invoker: { platform: 'slack', userId: 'U1', channelId: 'C1' } };

const button = (r: Reply, label: string) => {
  const b = r.buttons?.find((x) => x.label === label);
  if (!b) throw new Error(`no button ${label} in ${r.buttons?.map((x) => x.label).join(', ')}`);
  return b;
};

describe('/sip 403 answers first', () => {
  it('the first line says what refuses right now and why, from the analysis; the figures follow; only the asker sees it', async () => {
    const r = await runText('403', env);
    expect(r.ephemeral).toBe(true);
    expect(r.blocks[0]).toMatchObject({ kind: 'text' });
    const first = r.blocks[0]!.kind === 'text' ? r.blocks[0]!.text : '';
    expect(first).toMatch(
      /^\*\*\d+(\.\d)?% refused in 24 h: mostly sipline, configuration since [^;]+; also \+13125550147, carrier policy/,
    );
    expect(r.blocks.findIndex((b) => b.kind === 'fields' && b.heading === 'In your data')).toBeLessThanOrEqual(3);
    // The textbook is behind the button, not in the answer.
    expect(r.blocks.some((b) => 'heading' in b && b.heading === 'Likely causes')).toBe(false);
    expect(r.blocks.length).toBeLessThan(10);
  });

  it('More about 403 opens the textbook; Share posts the same answer to the channel, without a Share button', async () => {
    const r = await runText('403', env);
    const more = await runAction('explain.more', button(r, 'More about 403').value, env);
    expect(more.ephemeral).toBe(true);
    expect(more.blocks.some((b) => 'heading' in b && b.heading === 'Likely causes')).toBe(true);
    const shared = await runAction('explain.share', button(r, 'Share').value, env);
    expect(shared.ephemeral).toBe(false);
    expect(shared.blocks[0]).toEqual(r.blocks[0]);
    expect(shared.buttons?.some((b) => b.action === 'explain.share')).toBe(false);
  });

  it('Show calls lists the calls with that code in the last 24 h, with the CSV', async () => {
    const r = await runText('SIP/2.0 403 Forbidden', env);
    const calls = await runAction('calls.show', button(r, 'Show calls').value, env);
    expect(calls.title).toBe('Calls with 403, 2026-11-19 18:00 to 2026-11-20 18:00 UTC');
    const t = calls.blocks[0];
    expect(t?.kind === 'table' && t.rows.every((row) => row[4] === '403')).toBe(true);
    expect(calls.files?.[0]?.filename).toBe('calls-all-403-20261119T1800Z-20261120T1800Z.csv');
  });

  it('a code that is not a refusal answers with its own share and trend', async () => {
    const r = await runText('486', env);
    expect(r.blocks[0]).toMatchObject({
      kind: 'text',
      text: expect.stringMatching(
        /^\*\*486 on \d+(\.\d)?% of calls in 24 h \([\d,]+ of [\d,]+\); the last 7 days against the week before: (flat|up|down)/,
      ),
    });
  });
});
