import { describe, expect, it } from 'vitest';
import { sipCommandJson } from '../../src/adapters/discord/commands-json.js';
import { renderDiscordModal } from '../../src/adapters/discord/render-modal.js';
import {
  DISCORD_LIMITS,
  EPHEMERAL_FLAG,
  defaultCustomId,
  parseCustomId,
  renderDiscord,
} from '../../src/adapters/discord/render.js';
import type { CommandDef } from '../../commands/types.js';
import type { Reply } from '../../src/reply.js';
import { validateCommands, validateMessage, validateModal } from '../fakes/discord-limits.js';
import { TINY_PNG, longReply } from '../fakes/test-commands.js';

describe('renderDiscord', () => {
  const reply: Reply = {
    title: '403 Forbidden',
    tone: 'bad',
    ephemeral: true,
    blocks: [
      { kind: 'text', text: 'Refused by **policy**.' },
      {
        kind: 'fields',
        fields: [
          { label: 'Calls', value: '612' },
          { label: 'Blocked', value: '221' },
        ],
      },
      { kind: 'table', columns: ['route', 'rate'], rows: [['telco-east', '36%']] },
      { kind: 'context', text: 'RFC 3261' },
    ],
    buttons: [{ label: 'Check', action: 'check.start', value: '+12125550123', style: 'primary' }],
    image: { filename: 'chart.png', png: TINY_PNG, alt: 'chart' },
  };

  it('renders one embed with description, fields, footer, image attachment, button and the ephemeral flag', () => {
    const [m, ...rest] = renderDiscord(reply);
    expect(rest).toEqual([]);
    const e = m!.embeds[0]!;
    expect(e.title).toBe('403 Forbidden');
    expect(e.description).toContain('Refused by **policy**.');
    expect(e.description).toContain('```\nroute');
    expect(e.fields).toEqual([
      { name: 'Calls', value: '612', inline: true },
      { name: 'Blocked', value: '221', inline: true },
    ]);
    expect(e.footer).toEqual({ text: 'RFC 3261' });
    expect(e.image).toEqual({ url: 'attachment://chart.png' });
    expect(m!.files[0]!.name).toBe('chart.png');
    expect(m!.components[0]!.components[0]).toEqual({
      type: 2,
      style: 1,
      label: 'Check',
      custom_id: 'check.start|+12125550123',
    });
    expect(m!.flags).toBe(EPHEMERAL_FLAG);
    expect(validateMessage(m as never, ['chart.png'])).toBeNull();
  });

  it('splits a huge reply into messages within 6000 characters and 10 embeds, losing nothing', () => {
    const msgs = renderDiscord(longReply(5000));
    expect(msgs.length).toBeGreaterThan(DISCORD_LIMITS.messagesPerAnswer);
    for (const m of msgs) expect(validateMessage(m as never, [])).toBeNull();
    expect(JSON.stringify(msgs)).toContain('line 5000:');
    expect(msgs.at(-1)!.components).toHaveLength(1);
    expect(msgs.slice(0, -1).every((m) => m.components.length === 0)).toBe(true);
  });

  it('keeps a footer over the embed budget in an embed of its own', () => {
    const msgs = renderDiscord({
      title: 't'.repeat(256),
      blocks: [
        { kind: 'text', text: 'x'.repeat(4000) },
        { kind: 'context', text: 'c'.repeat(2000) },
      ],
    });
    for (const m of msgs) expect(validateMessage(m as never, [])).toBeNull();
    expect(JSON.stringify(msgs)).toContain('c'.repeat(2000));
  });

  it('shows 25 buttons as 5 rows of 5; past 25, 4 rows and a "More actions" select; no button lost', () => {
    const mk = (n: number) => Array.from({ length: n }, (_, i) => ({ label: `b${i}`, action: 'a', value: String(i) }));
    const [m25] = renderDiscord({ title: 't', blocks: [], buttons: mk(25) });
    expect(m25!.components.map((r) => r.components.length)).toEqual([5, 5, 5, 5, 5]);
    const msgs = renderDiscord({ title: 't', blocks: [], buttons: mk(60) });
    for (const m of msgs) expect(validateMessage(m as never, [])).toBeNull();
    const ids = msgs.flatMap((m) =>
      m.components.flatMap((r) =>
        r.components.flatMap((c) => (c.type === 2 ? [c.custom_id] : c.options.map((o) => o.value))),
      ),
    );
    expect(ids).toEqual(mk(60).map((b) => `a|${b.value}`));
    expect(msgs[0]!.components.at(-1)!.components[0]).toMatchObject({ type: 3, placeholder: 'More actions' });
  });

  it('drops only a duplicate custom_id, which Discord refuses within one message', () => {
    const buttons = Array.from({ length: 6 }, (_, i) => ({ label: `b${i}`, action: 'a', value: String(i % 5) }));
    const [m] = renderDiscord({ title: 't', blocks: [], buttons });
    expect(m!.components.map((r) => r.components.length)).toEqual([5]);
  });

  it('custom_id round-trips and refuses to pass 100 characters', () => {
    expect(parseCustomId(defaultCustomId('check.answer', '12|yes'))).toEqual({
      action: 'check.answer',
      value: '12|yes',
    });
    expect(() => defaultCustomId('a', 'v'.repeat(99))).toThrow(/100/);
  });
});

describe('renderDiscordModal', () => {
  it('renders text inputs within limits; a select becomes a short input listing its values', () => {
    const m = renderDiscordModal({
      action: 'escalate.submit',
      privateValue: '7',
      title: 'Escalate this 403 problem to an expert on call now',
      inputs: [
        { id: 'note', label: 'What happened?', style: 'paragraph', required: true },
        {
          id: 'urgency',
          label: 'Urgency',
          style: 'select',
          required: false,
          options: [
            { label: 'Today', value: 'today' },
            { label: 'Week', value: 'week' },
          ],
        },
      ],
    });
    expect(validateModal(m as never)).toBeNull();
    expect(m.title.length).toBeLessThanOrEqual(45);
    expect(m.custom_id).toBe('escalate.submit|7');
    expect(m.components[1]!.components[0]).toMatchObject({
      custom_id: 'urgency',
      style: 1,
      placeholder: 'one of: today, week',
      required: false,
    });
  });
});

describe('sipCommandJson', () => {
  const defs: CommandDef[] = [
    {
      name: 'explain',
      summary: 'Explain a SIP code',
      usage: '/sip explain <code>',
      examples: [],
      options: [{ name: 'query', description: 'A code', type: 'string', required: true }],
      run: () => ({ title: '', blocks: [] }),
    },
    {
      name: 'patterns',
      summary: 'x'.repeat(150),
      usage: '/sip patterns',
      examples: [],
      options: [
        { name: 'since', description: 'Window', type: 'string' },
        { name: 'Number', description: 'Caller', type: 'string', required: true },
        { name: 'limit', description: 'Rows', type: 'integer', choices: [{ name: 'ten', value: '10' }] },
      ],
      run: () => ({ title: '', blocks: [] }),
    },
  ];

  it('makes /sip with a typed subcommand per definition, required options first, within Discord limits', () => {
    const json = sipCommandJson(defs);
    expect(validateCommands([json])).toBeNull();
    const subs = json.options as Array<{
      name: string;
      type: number;
      description: string;
      options: Array<{ name: string; type: number; required: boolean }>;
    }>;
    expect(subs.map((s) => [s.name, s.type])).toEqual([
      ['explain', 1],
      ['patterns', 1],
    ]);
    expect(subs[1]!.description.length).toBe(100);
    expect(subs[1]!.options.map((o) => [o.name, o.type, o.required])).toEqual([
      ['number', 3, true],
      ['since', 3, false],
      ['limit', 4, false],
    ]);
  });
});
