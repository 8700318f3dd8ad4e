import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../src/adapters/console/console.js';
import { generateDemo, SUBJECTS } from '../../src/core/demo/index.js';
import type { Bundle } from '../../src/core/escalation/bundle.js';
import { getEscalation } from '../../src/store/escalations.js';
import { testCtx } from '../helpers/ctx.js';

const NOW = '2026-11-21T00:00:00Z';

// As a newcomer would in `sipbot chat`: /sip check +1..., press numbers to the verdict, then
// "Ask an expert" and answer the form's questions in turn; the evidence is saved as files.
describe('checklist and escalation in the console', () => {
  it('walks /sip check to the verdict and escalates with the form asked field by field', async () => {
    const ctx = testCtx({ now: NOW, env: { SIPBOT_ESCALATION_CHANNEL: 'slack:C0EXPERTS' } });
    generateDemo(ctx.db, { end: new Date(NOW), days: 8, callsPerDay: 3000, plantDays: 2, seed: 11 });
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (c: Buffer) => (out += c.toString()));
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-console-check-'));
    const done = runConsole(ctx, { input, output, saveDir: dir });
    // Eleven "Not sure" (3) take the data's answers; then 1 = Ask an expert; then the four fields.
    const lines = [
      '/sip check +1 212 555 0123',
      ...Array(11).fill('3'),
      '1',
      '',
      'high',
      'Registered with the FCR on Monday',
      'ana@example.com',
    ];
    input.end(lines.join('\n') + '\n');
    await done;

    expect(out).toContain('Step 1 of 5 · Calling set-up and account: Credentials and registration');
    expect(out).toContain('[3] Not sure (use data: Yes)');
    expect(out).toContain('Verdict: Reputation');
    expect(out.replace(/\s+/g, ' ')).toMatch(
      /the analysis finds \+12125550123: \d+ of \d+ calls refused \(\d+%\) on \d of \d routes \(.*\); other numbers on those routes [\d.]+%: reputation/,
    );
    expect(out).toContain('Escalation #1 opened: +12125550123');
    const e = getEscalation(ctx.db, 1)!;
    expect(e).toMatchObject({
      subject: SUBJECTS.reputation,
      urgency: 'high',
      note: 'Registered with the FCR on Monday',
      contact: 'ana@example.com',
      walkthroughId: 1,
    });
    const bundle = JSON.parse(readFileSync(join(dir, 'escalation-1.json'), 'utf8')) as Bundle;
    expect(bundle.walkthrough?.verdict).toBe('reputation');
    expect(existsSync(join(dir, 'escalation-1.csv'))).toBe(true);
  });
});
