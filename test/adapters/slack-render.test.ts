import { describe, expect, it } from 'vitest';
import {
  actionFromId,
  renderBlock,
  renderButtons,
  renderSlack,
  SLACK_LIMITS,
  toMrkdwn,
} from '../../src/adapters/slack/render.js';
import { readSlackModal, renderSlackModal } from '../../src/adapters/slack/render-modal.js';
import { fitSlack } from '../../src/adapters/slack/fit.js';
import type { Reply } from '../../src/reply.js';

/** Blocks as plain records, to read any field in assertions. */
const loose = (blocks: unknown[]): Array<Record<string, unknown>> => blocks as Array<Record<string, unknown>>;
import { validateBlocks, validateView } from '../fakes/slack-blocks.js';
import { longReply } from '../fakes/test-commands.js';

describe('toMrkdwn', () => {
  it.each([
    ['**403** on `telco-east`', '*403* on `telco-east`'],
    ['see [RFC 3261](https://www.rfc-editor.org/rfc/rfc3261)', 'see <https://www.rfc-editor.org/rfc/rfc3261|RFC 3261>'],
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    ['_italic_ stays', '_italic_ stays'],
  ])('%s -> %s', (input, want) => expect(toMrkdwn(input)).toBe(want));
});

describe('renderBlock', () => {
  it('turns fields into sections of at most 10, each at most 2000 characters', () => {
    const blocks = loose(
      renderBlock({
        kind: 'fields',
        fields: Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: 'v'.repeat(i === 0 ? 5000 : 3) })),
      }),
    );
    expect(blocks.map((b) => (b.fields as unknown[]).length)).toEqual([10, 10, 3]);
    expect((blocks[0]!.fields as Array<{ text: string }>)[0]!.text.length).toBe(SLACK_LIMITS.fieldText);
  });

  it('renders a table as monospace code blocks, split between rows', () => {
    const rows = Array.from({ length: 300 }, (_, i) => [`+1512555${String(i).padStart(4, '0')}`, String(i)]);
    const blocks = loose(
      renderBlock({
        kind: 'table',
        columns: ['number', 'blocked'],
        rows,
        heading: 'Top numbers',
        align: ['left', 'right'],
      }),
    );
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) {
      const t = (b.text as { text: string }).text;
      expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect(t).toMatch(/```[\s\S]*```$/);
    }
    expect((blocks[0]!.text as { text: string }).text).toMatch(/^\*Top numbers\*\n```number/);
  });

  it('splits long text between lines, never over 3000 per section', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\n');
    const blocks = loose(renderBlock({ kind: 'text', text }));
    expect(blocks.length).toBeGreaterThan(2);
    expect(blocks.every((b) => (b.text as { text: string }).text.length <= 3000)).toBe(true);
    expect(blocks.map((b) => (b.text as { text: string }).text).join('\n')).toBe(text);
  });
});

describe('renderButtons', () => {
  it('gives each button a unique action_id and keeps value and style', () => {
    const [actions] = loose(
      renderButtons([
        { label: 'Yes', action: 'check.answer', value: '12:yes', style: 'primary' },
        { label: 'No', action: 'check.answer', value: '12:no' },
      ]),
    );
    const els = actions!.elements as Array<Record<string, unknown>>;
    expect(els.map((e) => e.action_id)).toEqual(['check.answer:0', 'check.answer:1']);
    expect(els.map((e) => e.value)).toEqual(['12:yes', '12:no']);
    expect(els[0]!.style).toBe('primary');
    expect(els[1]!.style).toBeUndefined();
    expect(els.map((e) => actionFromId(String(e.action_id)))).toEqual(['check.answer', 'check.answer']);
  });
});

describe('renderSlack', () => {
  const short: Reply = {
    title: '403 Forbidden',
    blocks: [{ kind: 'text', text: 'Refused by policy.' }, { kind: 'divider' }, { kind: 'context', text: 'RFC 3261' }],
    buttons: [{ label: 'Patterns', action: 'patterns.open', value: '403' }],
  };

  it('renders a short reply as one valid message: header, content, buttons last', () => {
    const msgs = renderSlack(short);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]!.blocks.map((b) => b.type)).toEqual(['header', 'section', 'divider', 'context', 'actions']);
    expect(msgs[0]!.text).toBe('403 Forbidden');
    expect(validateBlocks(msgs[0]!.blocks)).toBeNull();
  });

  it('clips a header to 150 characters', () => {
    const [m] = renderSlack({ title: 't'.repeat(400), blocks: [] });
    expect((loose(m!.blocks)[0]!.text as { text: string }).text.length).toBe(150);
  });

  it('splits a huge reply over as many messages as it needs, each accepted by Slack, losing nothing', () => {
    const msgs = renderSlack(longReply(3000));
    expect(msgs.length).toBeGreaterThan(SLACK_LIMITS.messagesPerAnswer);
    for (const m of msgs) expect(validateBlocks(m.blocks)).toBeNull();
    const all = msgs.map((m) => JSON.stringify(m.blocks)).join('');
    expect(all).toContain('line 3000:');
    expect(all).toContain('+15125550199');
    expect(msgs.at(-1)!.blocks.at(-1)!.type).toBe('actions');
  });

  it('fits one answer into the 5 messages a response_url takes, the whole answer attached as a file', () => {
    const fitted = fitSlack(longReply(3000));
    const msgs = renderSlack(fitted);
    expect(msgs.length).toBeLessThanOrEqual(SLACK_LIMITS.messagesPerAnswer);
    for (const m of msgs) expect(validateBlocks(m.blocks)).toBeNull();
    const file = fitted.files!.find((f) => f.filename === 'a-very-long-answer.txt')!;
    expect(file.content.toString()).toContain('line 3000:');
    expect(JSON.stringify(msgs.at(-1)!.blocks)).toMatch(/\d+ more lines in the attached a-very-long-answer\.txt/);
    expect(msgs.at(-1)!.blocks.at(-1)!.type).toBe('actions');
  });

  it('keeps everything when it fits in the messages allowed', () => {
    const msgs = renderSlack(longReply(150));
    for (const m of msgs) expect(validateBlocks(m.blocks)).toBeNull();
    const all = msgs.map((m) => JSON.stringify(m.blocks)).join('');
    expect(all).toContain('line 150:');
    expect(all).not.toContain('truncated');
  });
});

describe('Slack modals', () => {
  const modal = {
    action: 'escalate.submit',
    privateValue: '42',
    title: 'Escalate this 403 problem to an expert',
    submitLabel: 'Send',
    inputs: [
      {
        id: 'note',
        label: 'What happened?',
        style: 'paragraph' as const,
        required: true,
        placeholder: 'Calls to 512 refused since 9am',
      },
      {
        id: 'urgency',
        label: 'Urgency',
        style: 'select' as const,
        required: false,
        initial: 'today',
        options: [
          { label: 'Today', value: 'today' },
          { label: 'This week', value: 'week' },
        ],
      },
    ],
  };

  it('renders a valid view: title clipped to 24, callback_id = action, metadata carries value and channel', () => {
    const view = renderSlackModal(modal, { c: 'C1' });
    expect(validateView(view)).toBeNull();
    expect((view.title as { text: string }).text.length).toBeLessThanOrEqual(24);
    expect(view.callback_id).toBe('escalate.submit');
    expect(JSON.parse(String(view.private_metadata))).toEqual({ c: 'C1', v: '42' });
  });

  it('cuts a pre-filled value longer than its field to fit, at a word boundary, so Slack accepts the view', () => {
    const long = {
      ...modal,
      inputs: [
        {
          id: 'tried',
          label: 'Tried',
          style: 'paragraph' as const,
          required: false,
          maxLength: 3000,
          initial: 'refused again '.repeat(400),
        },
      ],
    };
    const view = renderSlackModal(long, { c: 'C1' });
    expect(validateView(view)).toBeNull();
    const el = (view.blocks[0] as unknown as { element: { initial_value: string; max_length: number } }).element;
    expect(el.initial_value.length).toBeLessThanOrEqual(el.max_length);
    expect(el.initial_value).toMatch(/again…$/);
  });

  it('reads the submitted values back by input id', () => {
    const view = renderSlackModal(modal, { c: 'C1' });
    const state = {
      values: {
        note: { v: { type: 'plain_text_input', value: 'refused' } },
        urgency: { v: { type: 'static_select', selected_option: { value: 'week' } } },
      },
    };
    expect(readSlackModal({ private_metadata: String(view.private_metadata), state })).toEqual({
      meta: { c: 'C1', v: '42' },
      values: { note: 'refused', urgency: 'week' },
    });
  });
});
