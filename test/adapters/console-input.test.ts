import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ButtonBoard } from '../../src/adapters/console/buttons.js';
import { runConsole } from '../../src/adapters/console/console.js';
import { interpretLine, pressHint, stripSip, suggestCommand } from '../../src/adapters/console/input.js';
import { ConsolePoster } from '../../src/adapters/console/poster.js';
import type { Button } from '../../src/reply.js';
import { testCtx } from '../helpers/ctx.js';
import { testSource } from '../fakes/index.js';
import { waitFor } from '../fakes/wait-for.js';

const NAMES = ['explain', 'patterns', 'calls', 'digest', 'check', 'checklist', 'escalate', 'escalations', 'help'];
const CHECK: Button[] = [
  { label: 'Yes', action: 'check.answer', value: '1:a:y' },
  { label: 'No', action: 'check.answer', value: '1:a:n' },
  { label: 'Not sure (use data: Yes)', action: 'check.answer', value: '1:a:u' },
  { label: 'Back', action: 'check.answer', value: '1:a:b' },
];

describe('console input', () => {
  it('keeps a pasted status line whole and strips only the /sip prefix', () => {
    expect(stripSip('SIP/2.0 403 Forbidden')).toBe('SIP/2.0 403 Forbidden');
    expect(stripSip('/sip 403')).toBe('403');
    expect(stripSip('sip digest')).toBe('digest');
    expect(interpretLine('SIP/2.0 403 Forbidden', [], NAMES)).toEqual({ kind: 'run', text: 'SIP/2.0 403 Forbidden' });
  });

  it('suggests the command a typo meant, and leaves real queries alone', () => {
    expect(suggestCommand('digets', NAMES)).toBe('digest');
    expect(suggestCommand('chek', NAMES)).toBe('check');
    expect(suggestCommand('busy', NAMES)).toBeUndefined();
    expect(interpretLine('digets yesterday', [], NAMES)).toEqual({
      kind: 'say',
      text: 'No command "digets". Did you mean `digest yesterday`? (help lists them all)',
    });
    expect(interpretLine('chek +12125550123', [], NAMES)).toMatchObject({
      kind: 'say',
      text: expect.stringContaining('`check +12125550123`'),
    });
    expect(interpretLine('busy', [], NAMES)).toEqual({ kind: 'run', text: 'busy' });
    expect(interpretLine('403', [], NAMES)).toEqual({ kind: 'run', text: '403' });
  });

  it('at a checklist step, yes/no/y/n/back press the button of that name', () => {
    for (const [typed, value] of [
      ['yes', '1:a:y'],
      ['Y', '1:a:y'],
      ['no', '1:a:n'],
      ['n', '1:a:n'],
      ['back', '1:a:b'],
      ['not sure', '1:a:u'],
      ['2', '1:a:n'],
    ] as const) {
      expect(interpretLine(typed, CHECK, NAMES)).toEqual({
        kind: 'press',
        button: CHECK.find((b) => b.value === value),
      });
    }
    expect(interpretLine('9', CHECK, NAMES)).toEqual({ kind: 'say', text: 'No button 9; choose 1-4.' });
  });

  it('words the press hint for one button', () => {
    expect(pressHint(1)).toBe('(type 1 to press the button)');
    expect(pressHint(3)).toBe('(type 1-3 to press a button)');
  });
});

async function session(lines: string[], opts: { board?: ButtonBoard } = {}): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (c: Buffer) => (out += c.toString()));
  const done = runConsole(testCtx(), { input, output, commands: testSource, ...opts });
  input.end(lines.join('\n') + '\n');
  await done;
  return out;
}

describe('console forms', () => {
  it('asks an invalid choice again at once, keeping what was typed before', async () => {
    const out = await session(['buttons', '3', 'blocked on three carriers', 'tomorrow', 'week']);
    expect(out).toContain('"tomorrow" is not one of today, week.');
    expect(out).toContain('Escalation f1 filed');
    expect(out).toContain('blocked on three carriers (week)');
  });

  it('asks an empty required field again instead of submitting it', async () => {
    const out = await session(['buttons', '3', '', 'seen at 9am', '']);
    expect(out).toContain('What did you see? is needed.');
    expect(out).toContain('seen at 9am (n/a)');
  });

  it('cancels the form when the input ends in the middle (nothing filed with defaults)', async () => {
    const out = await session(['buttons', '3', 'half a note']);
    expect(out).toContain('Cancelled: escalate to an expert not sent.');
    expect(out).not.toContain('filed');
  });

  it('Ctrl-C in a form cancels the form and keeps the console', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (c: Buffer) => (out += c.toString()));
    // interactive: readline in terminal mode reads Ctrl-C (\x03) as SIGINT, as on a TTY.
    const done = runConsole(testCtx(), { input, output, commands: testSource, interactive: true, banner: false });
    input.write('buttons\r');
    await waitFor(() => out.includes('(type 1-3 to press a button)'));
    input.write('3\r');
    await waitFor(() => out.includes('What did you see?'));
    input.write('typed so far\x03');
    await waitFor(() => out.includes('Cancelled: escalate to an expert not sent.'));
    input.write('1\r');
    await waitFor(() => out.includes('Pressed yes'));
    input.end();
    await done;
    expect(out).not.toContain('filed');
  });
});

describe('buttons posted in the background', () => {
  it('a number presses the newest message with buttons, even one the poster printed', async () => {
    const board = new ButtonBoard();
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (c: Buffer) => (out += c.toString()));
    const done = runConsole(testCtx(), { input, output, commands: testSource, board });
    input.write('buttons\n');
    await waitFor(() => out.includes('(type 1-3 to press a button)'));
    const poster = new ConsolePoster(output, '/tmp', board);
    await poster.post(
      { platform: 'console', channelId: 'console' },
      { title: 'Escalation #7', blocks: [], buttons: [{ label: 'Acknowledge', action: 'test.press', value: 'ack' }] },
    );
    expect(out).toContain('(type 1 to press the button)');
    input.end('1\n');
    await done;
    expect(out).toContain('Pressed ack');
    expect(out).not.toContain('Pressed yes');
  });
});
