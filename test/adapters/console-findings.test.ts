import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../src/adapters/console/console.js';
import { generateDemo } from '../../src/core/demo/seed-db.js';
import { testCtx } from '../helpers/ctx.js';

// The real commands over demo traffic, through the console as `sipbot chat` runs it.
describe("console: a finding's own actions", () => {
  it("presses the first finding's Show calls by its number: the page, and the CSV saved", async () => {
    const ctx = testCtx({ now: '2026-11-21T12:00:00Z' });
    generateDemo(ctx.db, { end: new Date('2026-11-21T00:00:00Z'), days: 8, callsPerDay: 2000 });
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (c: Buffer) => (out += c.toString()));
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-console-f-'));
    const done = runConsole(ctx, { input, output, saveDir: dir, width: 100 });
    input.end('digest 2026-11-20\n1\n');
    await done;
    const [digest = '', pressed = ''] = out.split(/^> /m).slice(1);
    // [1] sits under finding 1, before finding 2's heading.
    expect(digest.indexOf('[1] Show calls')).toBeGreaterThan(digest.indexOf('1. '));
    expect(digest.indexOf('[1] Show calls')).toBeLessThan(digest.indexOf('\n2. '));
    expect(pressed).toMatch(/^1\nRefused calls /);
    expect(pressed).toContain('newest first');
    const saved = /^saved (.+\.csv)$/m.exec(pressed)?.[1];
    expect(saved && existsSync(saved)).toBe(true);
    expect(readFileSync(saved!, 'utf8').split('\n')[0]).toBe(
      'time_utc,caller,callee,route,sip_code,sip_reason,q850_cause,call_id,source,region,attempt',
    );
  });
});
