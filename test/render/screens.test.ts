import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction, runText } from '../../commands/registry.js';
import type { CommandEnv } from '../../commands/types.js';
import { modals } from '../../commands/escalate.js';
import { generateDemo } from '../../src/core/demo/seed-db.js';
import { DEFAULT_PLANTS } from '../../src/core/demo/plants.js';
import { renderText } from '../../src/render/text.js';
import { textToPng } from '../../src/render/text-png.js';
import type { Reply } from '../../src/reply.js';
import { testCtx } from '../helpers/ctx.js';

// The console's answers drawn as terminal screenshots. `SIPBOT_SCREENS=docs/screens npx vitest run
// test/render/screens.test.ts` writes them for the docs; otherwise they are only checked.
const OUT = process.env.SIPBOT_SCREENS;

const ctx = testCtx({ now: '2026-11-20T18:00:00Z' });
generateDemo(ctx.db, {
  days: 8,
  callsPerDay: 4000,
  end: new Date('2026-11-21T00:00:00Z'),
  seed: 2,
  plant: [...DEFAULT_PLANTS],
});
const env: CommandEnv = { ctx, invoker: { platform: 'console', userId: 'ana', channelId: 'console' } };

function shot(name: string, prompt: string, r: Reply): Buffer {
  const text = `\u001b[2msip> \u001b[22m${prompt}\n${renderText(r, { width: 100, color: true })}`;
  const png = textToPng(text, { minColumns: 100 });
  if (OUT) {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, `${name}.png`), png);
  }
  return png;
}

describe('console screenshots', () => {
  it('the answer-first /sip 403, Show calls, the carrier ticket and status render as PNGs', async () => {
    const answer = await runText('403', env);
    const show = answer.buttons!.find((b) => b.label === 'Show calls')!;
    const calls = await runText('calls sipline', env);
    const ticket = await runAction('calls.ticket', calls.buttons!.find((b) => b.action === 'calls.ticket')!.value, env);
    const submit = modals.find((m) => m.action === 'escalate.submit')!;
    await submit.run(
      '|+12125550123',
      { subject: '+12125550123', urgency: 'high', tried: 'FCR registration filed', contact: '' },
      { ctx, invoker: { platform: 'slack', userId: 'U1', userName: 'ana', channelId: 'C1' } },
    );
    const shots = [
      shot('answer-first-403', '/sip 403', answer),
      shot('show-calls', '1  (Show calls)', await runAction('calls.show', show.value, env)),
      shot('calls-route', '/sip calls sipline', calls),
      shot('carrier-ticket', '2  (Carrier ticket sipline)', ticket),
      shot('status', '/sip status', await runText('status', env)),
    ];
    for (const png of shots) {
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBeGreaterThan(800); // width: 100 columns
    }
  });
});
