import type { ActionDef, CommandDef, ModalDef } from '../../commands/types.js';
import { UserError } from '../../src/errors.js';
import type { Reply } from '../../src/reply.js';
import { withExtras } from '../../src/adapters/shared/commands.js';

/** A 1x1 PNG, a stand-in chart. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

const cmd = (name: string, run: CommandDef['run'], extra: Partial<CommandDef> = {}): CommandDef => ({
  name,
  summary: `test ${name}`,
  usage: `/sip ${name}`,
  examples: [],
  options: [{ name: 'arg', description: 'argument', type: 'string', rest: true }],
  run,
  ...extra,
});

/** A reply far too long for one message on any platform. */
export function longReply(lines = 600): Reply {
  return {
    title: 'A very long answer',
    blocks: [
      {
        kind: 'text',
        text: Array.from(
          { length: lines },
          (_, i) =>
            `line ${i + 1}: +1212555${String(i).padStart(4, '0')} refused 403 on telco-east, telco-west and sipline`,
        ).join('\n'),
      },
      {
        kind: 'table',
        columns: ['number', 'calls', 'blocked'],
        rows: Array.from({ length: 200 }, (_, i) => [
          `+1512555${String(i).padStart(4, '0')}`,
          String(1000 + i),
          String(i),
        ]),
      },
      {
        kind: 'fields',
        fields: Array.from({ length: 30 }, (_, i) => ({ label: `route ${i}`, value: `${i}% refused` })),
      },
    ],
    buttons: [{ label: 'Next', action: 'test.press', value: 'long' }],
  };
}

export const testCommands: CommandDef[] = [
  cmd('long', () => longReply()),
  cmd(
    'slowpoke',
    async () => {
      await new Promise((r) => setTimeout(r, 150));
      return { title: 'Slow answer', blocks: [{ kind: 'text', text: 'took a while' }] };
    },
    { slow: true },
  ),
  cmd('buttons', () => ({
    title: 'Pick one',
    blocks: [{ kind: 'text', text: 'Is the caller ID **attested**?' }],
    buttons: [
      { label: 'Yes', action: 'test.press', value: 'yes', style: 'primary' },
      { label: 'No', action: 'test.press', value: 'no' },
      { label: 'Open form', action: 'test.open', value: 'f1' },
    ],
  })),
  // Eight findings, each with its own actions: more than Discord's 25 buttons in one message.
  cmd('findings', () => ({
    title: 'Eight findings',
    blocks: Array.from({ length: 8 }, (_, i) => [
      { kind: 'text' as const, heading: `${i + 1}. reputation: +1212555010${i}`, text: 'refused on 3 routes' },
      {
        kind: 'actions' as const,
        label: `#${i + 1}`,
        buttons: ['calls', 'check', 'esc', 'more'].map((v) => ({
          label: v,
          action: 'test.press',
          value: `${v}-${i + 1}`,
        })),
      },
    ]).flat(),
    buttons: [{ label: 'Refresh', action: 'test.press', value: 'refresh' }],
  })),
  cmd('bigbutton', () => ({
    title: 'Evidence',
    blocks: [],
    buttons: [{ label: 'Use it', action: 'test.press', value: `evidence:${'e'.repeat(150)}` }],
  })),
  cmd('form', () => ({ title: 'form', blocks: [], modal: testModal('f0') })),
  cmd('chart', () => ({
    title: 'Daily 403 digest',
    blocks: [{ kind: 'text', text: '310 of 43,200 calls refused' }],
    image: { filename: 'digest.png', png: TINY_PNG, alt: '403s per hour' },
  })),
  // Synchronous work, like a SQLite query: blocks the event loop for `arg` ms (default 150).
  cmd('cpu', (args) => {
    const until = Date.now() + Number(args.arg ?? 150);
    while (Date.now() < until) {
      // busy
    }
    return { title: 'CPU answer', blocks: [{ kind: 'text', text: 'done' }] };
  }),
  cmd('boom', () => {
    throw new Error('database exploded');
  }),
];

function testModal(id: string): NonNullable<Reply['modal']> {
  return {
    action: 'test.form',
    privateValue: id,
    title: 'Escalate to an expert',
    inputs: [
      { id: 'note', label: 'What did you see?', style: 'paragraph', required: true },
      {
        id: 'urgency',
        label: 'Urgency',
        style: 'select',
        required: false,
        options: [
          { label: 'Today', value: 'today' },
          { label: 'This week', value: 'week' },
        ],
      },
    ],
  };
}

export const testActions: ActionDef[] = [
  {
    action: 'test.press',
    run: (value) => ({
      title: `Pressed ${value}`,
      blocks: [{ kind: 'text', text: `You chose ${value}.` }],
      replaceOriginal: true,
    }),
  },
  { action: 'test.open', run: (value) => ({ title: 'form', blocks: [], modal: testModal(value) }) },
];

export const testModals: ModalDef[] = [
  {
    action: 'test.form',
    run: (pv, values) => {
      if (!values.note?.trim()) throw new UserError('test.note', 'Say what you saw.');
      return {
        title: `Escalation ${pv} filed`,
        blocks: [{ kind: 'text', text: `${values.note} (${values.urgency ?? 'n/a'})` }],
      };
    },
  },
];

/** The real registry plus the commands above (`/sip long`, `/sip buttons`, ...). */
export const testSource = withExtras({ commands: testCommands, actions: testActions, modals: testModals });
