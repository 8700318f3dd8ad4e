import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsole } from '../../src/adapters/console/console.js';
import { ConsolePoster } from '../../src/adapters/console/poster.js';
import { testCtx } from '../helpers/ctx.js';
import { TINY_PNG, testSource } from '../fakes/index.js';

async function session(lines: string[]): Promise<{ out: string; dir: string }> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c: Buffer) => (out += c.toString()));
  const dir = mkdtempSync(join(tmpdir(), 'sipbot-console-'));
  const done = runConsole(testCtx(), { input, output, commands: testSource, saveDir: dir });
  input.end(lines.join('\n') + '\n');
  await done;
  return { out, dir };
}

// Piped stdin, as `printf '/sip 403\n' | sipbot chat` does: the console must work without a TTY.
describe('console (sipbot chat)', () => {
  it('answers /sip 403 and the bare 403 alike', async () => {
    const { out } = await session(['/sip 403', '403']);
    const answers = out.split(/^> /m).slice(1);
    expect(answers).toHaveLength(2);
    expect(answers[0]!.replace(/^.*\n/, '')).toBe(answers[1]!.replace(/^.*\n/, ''));
    expect(answers[0]).toMatch(/403/);
  });

  it('lists buttons by number and presses one', async () => {
    const { out } = await session(['buttons', '1']);
    expect(out).toContain('[1] Yes');
    expect(out).toContain('(type 1-3 to press a button)');
    expect(out).toContain('Pressed yes');
  });

  it('asks a form field by field and submits it', async () => {
    const { out } = await session(['buttons', '3', 'blocked on three carriers', 'today']);
    expect(out).toContain('What did you see?');
    expect(out).toContain('Urgency (optional) [today/week]');
    expect(out).toContain('Escalation f1 filed');
    expect(out).toContain('blocked on three carriers (today)');
  });

  it('saves a chart to a file and shows its path', async () => {
    const { out, dir } = await session(['chart']);
    const path = join(dir, 'digest.png');
    expect(out).toContain(`saved ${path}`);
    expect(existsSync(path) && readFileSync(path).equals(TINY_PNG)).toBe(true);
  });

  it('says which button numbers exist, shows errors with a reference, and stops at quit', async () => {
    const { out } = await session(['buttons', '7', 'boom', 'quit', 'help']);
    expect(out).toContain('No button 7; choose 1-3.');
    expect(out).toMatch(/Something went wrong \(ref [0-9a-f]{1,4}\)/);
    expect(out).not.toContain('> help');
  });
});

describe('ConsolePoster (digests posted to the console)', () => {
  it('prints the post with its message id, saves the chart, and prints updates', async () => {
    const output = new PassThrough();
    let out = '';
    output.on('data', (c: Buffer) => (out += c.toString()));
    const dir = mkdtempSync(join(tmpdir(), 'sipbot-poster-'));
    const poster = new ConsolePoster(output, dir);
    const ref = await poster.post(
      { platform: 'console', channelId: 'main' },
      {
        title: 'Daily 403 digest',
        blocks: [{ kind: 'text', text: '310 refused' }],
        image: { filename: 'd.png', png: TINY_PNG, alt: 'chart' },
      },
    );
    expect(ref).toEqual({ platform: 'console', channelId: 'main', messageId: '1' });
    expect(out).toContain('[posted to console:main, message 1]');
    expect(out).toContain('Daily 403 digest');
    expect(out).toContain(`saved ${join(dir, 'd.png')}`);
    await poster.update(ref, { title: 'Daily 403 digest (late)', blocks: [] });
    expect(out).toContain('[message 1 updated]');
  });
});
