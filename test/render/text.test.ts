import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/reply.js';
import { inline, renderText, stripAnsi, visibleLength, wrap } from '../../src/render/text.js';

const reply = (over: Partial<Reply> = {}): Reply => ({ title: '403 Forbidden', blocks: [], ...over });

describe('inline markup', () => {
  it.each([
    ['**bold** word', 'bold word'],
    ['run `/sip 403` now', 'run /sip 403 now'],
    ['an _italic_ word', 'an italic word'],
    ['see [RFC 3261](https://www.rfc-editor.org/rfc/rfc3261)', 'see RFC 3261 (https://www.rfc-editor.org/rfc/rfc3261)'],
    ['[https://x.example](https://x.example)', 'https://x.example'],
    ['`**not bold**` stays', '**not bold** stays'],
    ['snake_case_name stays', 'snake_case_name stays'],
  ])('%s -> %s', (input, expected) => {
    expect(inline(input)).toBe(expected);
  });
});

describe('wrap', () => {
  it('breaks at the width and keeps a hanging indent', () => {
    const lines = wrap('one two three four five six seven', 14, '  ', '- ');
    expect(lines).toEqual(['- one two', '  three four', '  five six', '  seven']);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(14);
  });
  it('keeps a word longer than the width whole', () => {
    expect(wrap('see https://example.com/a/very/long/path ok', 10)).toEqual([
      'see',
      'https://example.com/a/very/long/path',
      'ok',
    ]);
  });
  it('keeps explicit line breaks', () => {
    expect(wrap('a\nb', 40)).toEqual(['a', 'b']);
  });
});

describe('renderText', () => {
  it('underlines the title and separates blocks with a blank line', () => {
    const out = renderText(reply({ blocks: [{ kind: 'text', text: 'The server refuses.' }] }));
    expect(out).toBe('403 Forbidden\n=============\n\nThe server refuses.\n');
  });

  it('shows a block heading above its content', () => {
    const out = renderText(
      reply({ blocks: [{ kind: 'text', heading: 'Next steps', text: 'Check the IP allow-list.' }] }),
    );
    expect(out).toContain('Next steps\n----------\nCheck the IP allow-list.');
  });

  it('aligns fields on their labels and wraps long values under the value column', () => {
    const out = renderText(
      reply({
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: 'Class', value: '4xx' },
              { label: 'References', value: 'RFC 3261 RFC 3398 RFC 8224 RFC 8688' },
            ],
          },
        ],
      }),
      { width: 30 },
    );
    const lines = out.split('\n');
    expect(lines).toContain('Class:      4xx');
    const ref = lines.findIndex((l) => l.startsWith('References: '));
    expect(lines[ref]).toBe('References: RFC 3261 RFC 3398');
    expect(lines[ref + 1]).toBe('            RFC 8224 RFC 8688');
  });

  it('aligns table columns, right-aligns numbers and keeps the page width', () => {
    const out = renderText(
      reply({
        blocks: [
          {
            kind: 'table',
            columns: ['caller', 'calls'],
            align: ['left', 'right'],
            rows: [
              ['+12125550123', '612'],
              ['+13125550199', '7'],
            ],
          },
        ],
      }),
    );
    expect(out).toContain('caller        calls\n------------  -----\n+12125550123    612\n+13125550199      7');
  });

  it('cuts the widest column with an ellipsis when the table is wider than the page', () => {
    const long = 'x'.repeat(100);
    const out = renderText(reply({ blocks: [{ kind: 'table', columns: ['a', 'b'], rows: [['short', long]] }] }), {
      width: 40,
    });
    const row = out.split('\n').find((l) => l.startsWith('short'));
    expect(row).toBeDefined();
    expect(visibleLength(row ?? '')).toBeLessThanOrEqual(40);
    expect(row).toMatch(/…$/);
  });

  it('wraps a long last column (a description) under itself instead of cutting the first one', () => {
    const summary = 'Walk the 403 troubleshooting checklist for a number, route or region, step by step';
    const out = renderText(
      reply({
        blocks: [
          {
            kind: 'table',
            columns: ['command', 'what it does'],
            rows: [['/sip check [number|route|region]', summary]],
          },
        ],
      }),
      { width: 60 },
    );
    const lines = out.split('\n').filter((l) => l.length);
    expect(lines.some((l) => l.startsWith('/sip check [number|route|region]  Walk the 403'))).toBe(true);
    expect(lines.every((l) => visibleLength(l) <= 60)).toBe(true);
    expect(lines.join(' ').replace(/\s+/g, ' ')).toContain('region, step by step');
    expect(out).not.toContain('…');
  });

  it('numbers ordered lists and bullets unordered ones, with hanging indents', () => {
    const out = renderText(
      reply({
        blocks: [
          {
            kind: 'list',
            ordered: true,
            items: ['Check the credentials', 'Check the IP allow-list of the trunk at the carrier portal'],
          },
          { kind: 'list', items: ['one'] },
        ],
      }),
      { width: 40 },
    );
    expect(out).toContain(
      '1. Check the credentials\n2. Check the IP allow-list of the trunk\n   at the carrier portal',
    );
    expect(out).toContain('- one');
  });

  it('shows buttons as numbered choices, in order', () => {
    const out = renderText(
      reply({
        buttons: [
          { label: 'Show patterns', action: 'patterns.show', value: '403' },
          { label: 'Start the 403 checklist', action: 'check.start', value: '' },
        ],
      }),
    );
    expect(out).toMatch(/\[1\] Show patterns\n\[2\] Start the 403 checklist\n$/);
  });

  it('mentions an image and files instead of dropping them', () => {
    const out = renderText(
      reply({
        image: { filename: 'digest.png', png: Buffer.from([1, 2, 3]), alt: 'blocked calls per hour' },
        files: [{ filename: 'evidence.csv', content: Buffer.from('a,b\n'), contentType: 'text/csv' }],
      }),
    );
    expect(out).toContain('[image: digest.png] blocked calls per hour');
    expect(out).toContain('[file: evidence.csv, 4 bytes]');
  });

  it('renders a divider and a context line', () => {
    const out = renderText(
      reply({ blocks: [{ kind: 'divider' }, { kind: 'context', text: 'Source: RFC 3261 §21.4.4' }] }),
    );
    expect(out).toContain('-'.repeat(40) + '\n\nSource: RFC 3261 §21.4.4');
  });

  it('adds ANSI only when colour is on', () => {
    const r = reply({ blocks: [{ kind: 'text', text: '**bold**' }] });
    expect(renderText(r)).not.toContain('\u001b[');
    const coloured = renderText(r, { color: true });
    expect(coloured).toContain('\u001b[1mbold\u001b[22m');
  });

  it('keeps aligned tables aligned when colour is on', () => {
    const out = renderText(
      reply({
        blocks: [
          {
            kind: 'table',
            columns: ['a', 'b'],
            rows: [
              ['**x**', '1'],
              ['yy', '2'],
            ],
          },
        ],
      }),
      { color: true },
    );
    const plain = stripAnsi(out);
    expect(plain).toContain('a   b\n--  -\nx   1\nyy  2');
  });

  it("lists a modal's inputs so the console user knows what is asked", () => {
    const out = renderText(
      reply({
        modal: {
          action: 'escalate.submit',
          privateValue: '',
          title: 'Request expert review',
          inputs: [
            { id: 'summary', label: 'What is failing', style: 'paragraph', required: true },
            {
              id: 'urgency',
              label: 'Urgency',
              style: 'select',
              required: false,
              options: [
                { label: 'Low', value: 'low' },
                { label: 'High', value: 'high' },
              ],
            },
          ],
        },
      }),
    );
    expect(out).toContain(
      'Request expert review\n---------------------\nWhat is failing\nUrgency (optional): Low | High',
    );
  });
});
