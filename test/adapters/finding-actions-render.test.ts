import { describe, expect, it } from 'vitest';
import { renderDiscord } from '../../src/adapters/discord/render.js';
import { renderSlack } from '../../src/adapters/slack/render.js';
import { renderText } from '../../src/render/text.js';
import { replyButtons, type Reply } from '../../src/reply.js';
import { validateMessage } from '../fakes/discord-limits.js';
import { validateBlocks } from '../fakes/slack-blocks.js';

type J = Record<string, unknown>;

function findings(n: number): Reply {
  return {
    title: `${n} findings`,
    blocks: Array.from({ length: n }, (_, i) => [
      { kind: 'text' as const, heading: `${i + 1}. configuration: route-${i}`, text: `route-${i} refuses 90%` },
      {
        kind: 'actions' as const,
        label: `#${i + 1}`,
        buttons: [
          { label: 'Show calls', action: 'calls.show', value: `q${i}` },
          { label: 'Checklist', action: 'check.start', value: `route-${i}`, style: 'primary' as const },
          { label: 'Escalate', action: 'escalate.open', value: `route-${i}` },
        ],
      },
    ]).flat(),
    buttons: [{ label: 'Help', action: 'help.show', value: '' }],
  };
}

describe("a finding's actions, rendered", () => {
  it("text (console, CLI): in place under the finding, numbered in reading order, the reply's own buttons last", () => {
    const out = renderText(findings(2), { width: 100 });
    expect(out).toContain(
      'route-0 refuses 90%\n\n#1: [1] Show calls · [2] Checklist · [3] Escalate\n\n2. configuration: route-1',
    );
    expect(out).toContain('#2: [4] Show calls · [5] Checklist · [6] Escalate\n\n[7] Help');
    expect(replyButtons(findings(2)).map((b) => b.value)).toEqual([
      'q0',
      'route-0',
      'route-0',
      'q1',
      'route-1',
      'route-1',
      '',
    ]);
  });

  it('Slack: an actions block right under each finding, action_ids unique in the message, valid Block Kit', () => {
    for (const n of [1, 8, 20]) {
      const msgs = renderSlack(findings(n));
      for (const m of msgs) expect(validateBlocks(m.blocks)).toBeNull();
      const blocks = msgs.flatMap((m) => m.blocks);
      const actions = blocks.flatMap((b, i) => (b.type === 'actions' ? [i] : []));
      expect(actions).toHaveLength(n + 1);
      for (const i of actions.slice(0, n)) expect(JSON.stringify(blocks[i - 1])).toMatch(/route-\d+ refuses/);
    }
  });

  it('Discord: a labelled row per finding when they fit 5 rows; past that rows of 5 and a "More actions" menu, valid components', () => {
    const five = renderDiscord(findings(4))[0]!;
    expect(validateMessage(five as unknown as J, [])).toBeNull();
    expect(five.components.map((r) => r.components.length)).toEqual([3, 3, 3, 3, 1]);
    const many = renderDiscord(findings(12))[0]!;
    expect(validateMessage(many as unknown as J, [])).toBeNull();
    expect(many.components).toHaveLength(5);
    const labels = many.components.slice(0, 4).flatMap((r) => r.components.map((c) => (c as { label?: string }).label));
    expect(labels.slice(0, 4)).toEqual(['#1 Show calls', '#1 Checklist', '#1 Escalate', '#2 Show calls']);
    const menu = many.components[4]!.components[0] as unknown as J;
    expect(menu).toMatchObject({ type: 3, placeholder: 'More actions' });
    // 12 findings x 3 actions + Help = 37: 20 as buttons, 17 in the menu, none dropped.
    expect((menu.options as J[]).length).toBe(17);
    expect((menu.options as J[])[0]).toMatchObject({ label: '#7 Escalate' });
    expect((menu.options as J[]).at(-1)).toMatchObject({ label: 'Help' });
  });
});
